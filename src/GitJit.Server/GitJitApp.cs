using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.GitHub;
using GitJit.Postgres;
using GitJit.Server.Grants;
using GitJit.Server.Health;
using GitJit.Server.Hosting;
using GitJit.Server.Intake;
using GitJit.Server.Jobs;
using GitJit.Server.Pages;
using GitJit.Server.Workflow;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Hangfire.PostgreSql;
using Npgsql;
using Microsoft.Extensions.Options;

namespace GitJit.Server;

/// <summary>Builds the GitJit web application: options, GitHub clients, Hangfire, the webhook endpoint, health.</summary>
public static class GitJitApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Hangfire's storage calls are synchronous database I/O: with the pool's default minimum of one thread per core,
        // a burst of work waits for thread injection (seconds). Start with enough threads.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);

        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<GitJitOptions>()
            .Bind(builder.Configuration.GetSection(GitJitOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.PublicUrl is null || (o.PublicUrl.IsAbsoluteUri && o.PublicUrl.Scheme is "https" or "http"),
                "GitJit:PublicUrl must be an absolute http(s) address, e.g. https://gitjit.example.com/")
            .ValidateOnStart();
        builder.Services.AddOptions<GitHubOptions>()
            .Bind(builder.Configuration.GetSection(GitHubOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.PrivateKey) || File.Exists(o.PrivateKeyPath),
                "GitJit:GitHub:PrivateKeyPath must name the App's private key file (or set GitJit:GitHub:PrivateKey)")
            .Validate(IsPrivateKey, "GitJit:GitHub:PrivateKeyPath (or PrivateKey) does not hold a PEM RSA private key")
            .Validate(o => !string.IsNullOrWhiteSpace(o.WebhookSecret), "GitJit:GitHub:WebhookSecret must be set: unsigned webhooks are refused")
            .Validate(o => string.IsNullOrWhiteSpace(o.ClientId) == string.IsNullOrWhiteSpace(o.ClientSecret),
                "GitJit:GitHub:ClientId and GitJit:GitHub:ClientSecret go together (the App's OAuth client, for signing in to the pages): set both, or neither")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new GitHubAppClients(sp.GetRequiredService<IOptions<GitHubOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<Admins>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Admins>());
        builder.Services.AddSingleton(sp => new GrantingBranches(sp.GetRequiredService<IOptions<GitJitOptions>>().Value.GrantingBranches));
        builder.Services.AddSingleton<GitHubAppCheck>();
        builder.Services.AddSingleton<PullRequestEvaluation>();
        builder.Services.AddSingleton<GitJitWebhookProcessor>();
        builder.Services.AddOptions<WebhookIntakeOptions>()
            .Bind(builder.Configuration.GetSection(WebhookIntakeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTransient<PullRequestJob>();
        builder.Services.AddTransient<CommentCommandJob>();
        builder.Services.AddTransient<MergeJob>();
        builder.Services.AddSingleton<MergeEvaluation>();
        var storage = AddStorage(builder);
        AddGrants(builder);
        AddPages(builder);
        // GitJit:Worker:Enabled=false makes an intake-only instance: it verifies, de-duplicates and queues, and other
        // instances on the same PostgreSQL run the jobs.
        builder.Services.AddOptions<WorkerOptions>()
            .Bind(builder.Configuration.GetSection(WorkerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (builder.Configuration.GetValue(WorkerOptions.SectionName + ":" + nameof(WorkerOptions.Enabled), defaultValue: true))
        {
            builder.Services.AddHostedService<ReconcilerSchedule>();
            builder.Services.AddHangfireServer((services, server) =>
            {
                // Jobs mostly wait on GitHub, git and databases; a revocation waits for its record's push, which records
                // arriving meanwhile share. Enough workers let a burst of expiries share pushes: these serve revocations too.
                server.WorkerCount = services.GetRequiredService<IOptions<WorkerOptions>>().Value.Count;
                server.Queues = [JobQueues.Revocations, JobQueues.Default];
                // Scheduled work (revocations at expiry, rate-limit waits) is due on the second, not within 15 s: a
                // revocation starts within this interval of its whole second and waits out the rest itself.
                server.SchedulePollingInterval = TimeSpan.FromMilliseconds(250);
            });
            // Workers for revocations alone, so that an expiry never waits behind pull-request work, however much of it is
            // queued or stuck (on GitHub, say). Lightweight: the server above already moves scheduled jobs to their queues.
            builder.Services.AddHangfireServer((services, server) =>
            {
                server.WorkerCount = services.GetRequiredService<IOptions<WorkerOptions>>().Value.RevocationCount;
                server.Queues = [JobQueues.Revocations];
                server.IsLightweightServer = true;
            });
        }

        // Hangfire keeps filters in a process-wide list; add ours once however many apps a process builds.
        if (!GlobalJobFilters.Filters.Any(f => f.Instance is GitHubRateLimitFilter)) GlobalJobFilters.Filters.Add(new GitHubRateLimitFilter(TimeProvider.System));

        var app = builder.Build();
        if (storage == Storage.InMemory) Log.SingleMachineStorage(app.Logger);
        if (!app.Services.GetRequiredService<IOptions<GitHubOptions>>().Value.SignInConfigured) Log.SignInNotConfigured(app.Logger);
        // Behind a reverse proxy on this machine (the default trusted proxies are loopback only), the request's own
        // scheme and host are the proxy's: OAuth callbacks and Secure cookies need them.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost });
        app.UseGitJitPageHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapGitJitWebhooks();
        app.MapGitJitHealth(storage == Storage.InMemory ? "in-memory (single machine)" : "postgresql");
        app.MapGitJitAssets();
        app.MapGitJitSignIn();
        app.MapGitJitPages();
        // Hangfire's dashboard for admins only: its own local-requests-only filter is replaced by the admin policy.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], AppPath = "/grants", DisplayStorageConnectionString = false })
            .RequireAuthorization(SignIn.AdminPolicy);
        return app;
    }

    /// <summary>
    /// The web pages: sign-in with GitHub, the grant and credentials pages, the live list, their anti-forgery tokens
    /// and a per-viewer limit on actions (reveals, revocations).
    /// </summary>
    private static void AddPages(WebApplicationBuilder builder)
    {
        builder.AddGitJitSignIn();
        // Sign-ins and forms must survive restarts and be honoured by every instance: keys in GitJit's PostgreSQL when
        // there is one, else in the data directory.
        builder.Services.AddDataProtection().SetApplicationName("gitjit");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, services) => options.XmlRepository =
            services.GetService<NpgsqlDataSource>() is { } database
                ? new PostgresKeyRing(database)
                : new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(services.GetRequiredService<IOptions<GitJitOptions>>().Value.DataDirectory, "keys")),
                    services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddAntiforgery(options =>
        {
            options.FormFieldName = Page.AntiforgeryField;
            options.HeaderName = Page.AntiforgeryHeader;
            options.Cookie.Name = "gitjit-csrf";
            options.Cookie.SecurePolicy = SignIn.CookiePolicy(builder.Configuration);
        });
        var perMinute = builder.Configuration.GetValue("GitJit:Web:ActionsPerMinute", 10);
        builder.Services.AddRateLimiter(limiter =>
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
        });
        builder.Services.AddSingleton<GrantDirectory>();
        builder.Services.AddSingleton<Memberships>();
        builder.Services.AddSingleton<CredentialsIssuer>();
    }

    /// <summary>
    /// Grants: the providers (PostgreSQL, for every <c>ConnectionStrings:&lt;name&gt;</c> but GitJit's own), the audit
    /// trail in git, and the jobs that provision, revoke and reconcile. Tests may register their own provisioning,
    /// providers or audit trail first.
    /// </summary>
    private static void AddGrants(WebApplicationBuilder builder)
    {
        var targets = builder.Configuration.GetSection("ConnectionStrings").GetChildren()
            .Where(c => !string.Equals(c.Key, "GitJit", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);
        if (!builder.Services.Any(s => s.ServiceType == typeof(IAccessProvider)))
        {
            builder.Services.AddSingleton<IAccessProvider>(sp => new PostgresAccessProvider(targets, sp.GetRequiredService<TimeProvider>()));
        }
        builder.Services.TryAddSingleton(sp => new AccessProviders(sp.GetServices<IAccessProvider>()));
        builder.Services.AddOptions<GitAuditLogOptions>()
            .Bind(builder.Configuration.GetSection(GitAuditLogOptions.SectionName))
            .PostConfigure<IOptions<GitJitOptions>>((audit, gitjit) =>
            {
                if (string.IsNullOrWhiteSpace(audit.WorkingFolder)) audit.WorkingFolder = Path.Combine(gitjit.Value.DataDirectory, "audit-mirrors");
            });
        builder.Services.TryAddSingleton(sp => new GitAuditLog(sp.GetRequiredService<IOptions<GitAuditLogOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<IAuditTrail, GitAuditTrail>();
        builder.Services.TryAddSingleton<IGrantProvisioning, GrantWorkflow>();
        builder.Services.AddSingleton<GrantComments>();
        builder.Services.TryAddSingleton<IPullRequestComments, GitHubPullRequestComments>();
        builder.Services.TryAddSingleton<IInstalledRepositories, GitHubInstalledRepositories>();
        builder.Services.AddSingleton(sp => new AccessRepositories(
            sp.GetService<NpgsqlDataSource>(), Path.Combine(sp.GetRequiredService<IOptions<GitJitOptions>>().Value.DataDirectory, "access-repositories.json"),
            sp.GetRequiredService<GrantingBranches>()));
        builder.Services.AddTransient<RevokeJob>();
        builder.Services.AddTransient<Reconciler>();
    }

    private static bool IsPrivateKey(GitHubOptions options)
    {
        try
        {
            using var key = System.Security.Cryptography.RSA.Create();
            key.ImportFromPem(options.ReadPrivateKey());
            return true;
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    private enum Storage
    {
        InMemory,
        PostgreSql,
    }

    /// <summary>
    /// Jobs and delivery ids live in PostgreSQL when <c>ConnectionStrings:GitJit</c> is set, so several instances
    /// share them and nothing is lost on restart; otherwise in memory, for one machine.
    /// </summary>
    private static Storage AddStorage(WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("GitJit");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            builder.Services.AddSingleton<IWebhookInbox, InMemoryWebhookInbox>();
            builder.Services.AddHangfire(hangfire => hangfire.UseSimpleAssemblyNameTypeSerializer().UseTypeResolver(JobTypeResolver.Resolve).UseRecommendedSerializerSettings().UseInMemoryStorage());
            return Storage.InMemory;
        }

        // Intake runs the same few statements again and again: let Npgsql prepare them, unless the operator chose.
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (tuned.MaxAutoPrepare == 0) tuned.MaxAutoPrepare = 64;
        connectionString = tuned.ConnectionString;
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<PostgresWebhookInbox>();
        builder.Services.AddSingleton<IWebhookInbox>(sp => sp.GetRequiredService<PostgresWebhookInbox>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresWebhookInbox>());
        builder.Services.AddHangfire(hangfire => hangfire
            .UseSimpleAssemblyNameTypeSerializer()
            .UseTypeResolver(JobTypeResolver.Resolve)
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                options => options.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "gitjit_hangfire",
                    PrepareSchemaIfNecessary = true,
                    EnableLongPolling = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                }));
        return Storage.PostgreSql;
    }
}
