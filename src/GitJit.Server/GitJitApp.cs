using GitJit.Audit;
using GitJit.GitHub;
using GitJit.Postgres;
using GitJit.Server.Alerts;
using GitJit.Server.Gateway;
using GitJit.Server.Grants;
using GitJit.Server.Health;
using GitJit.Server.Hosting;
using GitJit.Server.Intake;
using GitJit.Server.Jobs;
using GitJit.Server.Pages;
using GitJit.Server.Setup;
using GitJit.Server.Workflow;
using Microsoft.AspNetCore.HttpOverrides;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server;

/// <summary>
/// Builds the GitJit web application: the list of its parts, each registering itself with its options validated at
/// start, then the HTTP pipeline. Without a GitHub App (no <c>GitJit:GitHub:AppId</c>, none stored by <c>/setup</c>)
/// it is the setup-mode server instead (<see cref="SetupMode"/>).
/// </summary>
public static class GitJitApp
{
    /// <summary>
    /// Runs the server until it is stopped (SIGTERM, Ctrl+C, <paramref name="cancellationToken"/>); when setup mode stopped
    /// it because <c>/setup</c> stored the App, builds it again, now as that App.
    /// </summary>
    public static async Task RunAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var app = Build(args, configure);
            var setup = app.Services.GetService<SetupCompletion>();
            try
            {
                // Stops on a signal or the token, then disposes the application.
                await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped while it was still starting (the App's server, just after setup): a stop all the same.
                return;
            }
            if (setup is not { RestartRequested: true } || cancellationToken.IsCancellationRequested) return;
        }
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Hangfire's storage calls are synchronous database I/O: with the pool's default minimum of one thread per core,
        // a burst of work waits for thread injection (seconds). Start with enough threads.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);

        var builder = WebApplication.CreateSlimBuilder(args);
        // ASP.NET Core's "Request starting" line carries the query string: /setup/done?code=… (a code that hands over the
        // App's key to whoever converts it first), OAuth codes on /signin/github. Never below Warning.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level => level >= LogLevel.Warning);
        configure?.Invoke(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var stored = StoredApp.AddTo(configuration);
        if (SetupMode.IsNeeded(configuration)) return SetupMode.Build(builder);
        services.AddGitJitHosting(configuration);
        services.AddGitJitGitHub(configuration);
        var storage = services.AddGitJitStorage(configuration);
        services.AddGitJitIntake(configuration);
        services.AddGitJitWorkflow();
        services.AddGitJitJobs(configuration);
        services.AddGitJitPostgres(configuration);
        services.AddGitJitAudit(configuration);
        services.AddGitJitGrants();
        services.AddGitJitPages(configuration);
        services.AddGitJitGateway(configuration, storage);
        services.AddGitJitHealth();
        services.AddGitJitAlerts(configuration);

        var app = builder.Build();
        if (stored is not null)
        {
            var storedFile = Path.Combine(StoredApp.DataDirectory(configuration), StoredApp.FileName);
            SetupLog.StoredAppLoaded(app.Logger, stored.Id, stored.Slug, storedFile);
        }
        if (storage == GitJitStorage.InMemory) Log.SingleMachineStorage(app.Logger);
        if (!app.Services.GetRequiredService<IOptions<GitHubOptions>>().Value.SignInConfigured) Log.SignInNotConfigured(app.Logger);
        // Behind a reverse proxy on this machine (the default trusted proxies are loopback only), the request's own
        // scheme and host are the proxy's: OAuth callbacks and Secure cookies need them.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost });
        app.UseGitJitPageHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapGitJitWebhooks();
        app.MapGitJitHealth(storage == GitJitStorage.InMemory ? "in-memory (single machine)" : "postgresql");
        app.MapGitJitAssets();
        app.MapGitJitSignIn();
        app.MapGitJitPages();
        // Hangfire's dashboard for admins only: its own local-requests-only filter is replaced by the admin policy.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], AppPath = "/grants", DisplayStorageConnectionString = false })
            .RequireAuthorization(SignIn.AdminPolicy);
        return app;
    }
}
