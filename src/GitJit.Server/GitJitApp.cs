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
using GitJit.Server.Workflow;
using Microsoft.AspNetCore.HttpOverrides;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server;

/// <summary>
/// Builds the GitJit web application: the list of its parts, each registering itself with its options validated at
/// start, then the HTTP pipeline.
/// </summary>
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
        var services = builder.Services;
        var configuration = builder.Configuration;
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
