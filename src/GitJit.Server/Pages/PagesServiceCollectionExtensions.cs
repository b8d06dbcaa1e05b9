using System.Threading.RateLimiting;
using GitJit.Server.Hosting;
using GitJit.Server.Intake;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GitJit.Server.Pages;

/// <summary>Registers the web pages.</summary>
public static class PagesServiceCollectionExtensions
{
    /// <summary>
    /// The web pages: sign-in with GitHub, the grant and credentials pages, the live list, their anti-forgery tokens
    /// and a per-viewer limit on actions (reveals, revocations) from <see cref="WebOptions"/>, validated at start; and the
    /// webhooks' concurrency limit, which shares the rate limiter.
    /// </summary>
    public static IServiceCollection AddGitJitPages(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddGitJitSignIn(configuration);
        // Sign-ins and forms must survive restarts and be honoured by every instance: keys in GitJit's PostgreSQL when
        // there is one, else in the data directory.
        services.AddDataProtection().SetApplicationName("gitjit");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, provider) => options.XmlRepository =
            provider.GetService<NpgsqlDataSource>() is { } database
                ? new PostgresKeyRing(database)
                : new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(provider.GetRequiredService<IOptions<GitJitOptions>>().Value.DataDirectory, "keys")),
                    provider.GetRequiredService<ILoggerFactory>()));
        services.AddAntiforgery(options =>
        {
            options.FormFieldName = Page.AntiforgeryField;
            options.HeaderName = Page.AntiforgeryHeader;
            options.Cookie.Name = "gitjit-csrf";
            options.Cookie.SecurePolicy = SignIn.CookiePolicy(configuration);
        });
        services.AddOptions<WebOptions>()
            .Bind(configuration.GetSection(WebOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<WebOptions>>((limiter, web) => Limit(limiter, web.Value.ActionsPerMinute));
        services.AddSingleton<GrantDirectory>();
        services.AddSingleton<Memberships>();
        services.AddSingleton<CredentialsIssuer>();
        return services;
    }

    private static void Limit(RateLimiterOptions limiter, int perMinute)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        // Per signed-in person (whatever the login's case), else per address.
        static string Who(HttpContext context) => context.User.Identity?.Name?.ToLowerInvariant() ?? context.Connection.RemoteIpAddress?.ToString() ?? "";
        limiter.AddPolicy(GrantPages.ActionsRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            Who(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        // Pages and the live list read git and GitHub: generous for people, a wall for a script.
        limiter.AddPolicy(GrantPages.PagesRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            Who(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 10 * perMinute + 60, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        // Webhooks: how many are read at once, whoever sends them; its own 503 answer.
        limiter.AddPolicy<string, WebhookConcurrencyPolicy>(WebhookConcurrencyPolicy.Name);
        limiter.OnRejected = (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            return new ValueTask(Page.Problem(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many actions",
                $"You may take {perMinute} actions a minute here. Wait a minute and try again.").ExecuteAsync(context.HttpContext));
        };
    }
}
