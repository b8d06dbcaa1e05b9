using GitJit.GitHub;
using GitJit.Server.Hosting;
using GitJit.Server.Pages;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Setup;

/// <summary>
/// The server before its GitHub App exists: no App id configured and none stored by <c>/setup</c>. It serves
/// <c>/setup</c> (<see cref="SetupEndpoints"/>), the stylesheet, and <c>/healthz</c>, which answers 503 (not ready for
/// traffic) saying setup is pending; everything else answers 503 with a page saying so. It has no jobs, no storage and no
/// webhooks, so stopping it loses nothing. <c>GitJit:PublicUrl</c> is required: GitHub must know where to send
/// webhooks, sign-ins and the browser back.
/// </summary>
public static class SetupMode
{
    /// <summary>Whether the configuration names no App (after <see cref="StoredApp.AddTo"/> added a stored one).</summary>
    public static bool IsNeeded(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.IsNullOrWhiteSpace(configuration[GitHubOptions.SectionName + ":AppId"]);
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GitJitOptions>()
            .Bind(configuration.GetSection(GitJitOptions.SectionName))
            .Validate(o => o.PublicUrl is { IsAbsoluteUri: true, Scheme: "https" or "http" },
                "No GitHub App is configured, so GitJit starts in setup mode, which needs GitJit:PublicUrl: the absolute http(s) address "
                + "where GitHub and people reach this server (e.g. https://gitjit.example.com/). Set it, start again and open <PublicUrl>/setup")
            .Validate(_ => !string.IsNullOrWhiteSpace(configuration[GitJitOptions.SectionName + ":DataDirectory"]),
                "Setup mode stores the new App's credentials in GitJit:DataDirectory: set it to a directory only this server's user may write "
                + "(e.g. /var/lib/gitjit; the default, under the shared temp folder, is not safe for them)")
            .ValidateOnStart();
        services.AddOptions<SetupOptions>()
            .Bind(configuration.GetSection(SetupOptions.SectionName))
            .Validate(o => o.Networks() is { Count: > 0 },
                "GitJit:Setup:AllowedAddresses must list IP addresses or CIDR networks (e.g. 127.0.0.1, 10.0.0.0/8), at least one")
            .ValidateOnStart();
        services.AddOptions<GitHubOptions>().Bind(configuration.GetSection(GitHubOptions.SectionName));
        services.AddSingleton<SetupCompletion>();
        services.AddSingleton(sp => SetupToken.Create(sp.GetRequiredService<IOptions<GitJitOptions>>().Value.DataDirectory));
        services.AddSingleton<ManifestConversion>();

        var app = builder.Build();
        var gitJit = app.Services.GetRequiredService<IOptions<GitJitOptions>>().Value;
        var setupUrl = gitJit.PublicUrl is { } url ? new Uri(SetupEndpoints.Root(url), SetupEndpoints.Path.TrimStart('/')).ToString() : SetupEndpoints.Path;
        var token = app.Services.GetRequiredService<SetupToken>();
        SetupLog.SetupMode(app.Logger, Path.Combine(gitJit.DataDirectory, StoredApp.FileName), setupUrl, token.File,
            string.Join(", ", app.Services.GetRequiredService<IOptions<SetupOptions>>().Value.Effective));
        // As the full server: behind a proxy on this machine the client's address is the forwarded one, and that is the
        // address /setup allows or not.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost });
        app.UseGitJitPageHeaders();
        app.MapGitJitAssets();
        app.MapGitJitSetup();
        app.MapGet("/healthz", () => Results.Json(new
        {
            status = "setup",
            setup = new { pending = true, url = setupUrl },
            problem = "GitJit is not set up: no GitHub App is configured. Open /setup?token=<the setup token> from an allowed address (GitJit:Setup:AllowedAddresses).",
        }, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapFallback(() => SetupPage.Problem(StatusCodes.Status503ServiceUnavailable, "GitJit is not set up",
            "No GitHub App is configured yet. Open /setup on this server from an allowed address (GitJit:Setup:AllowedAddresses) to create it."));
        return app;
    }
}
