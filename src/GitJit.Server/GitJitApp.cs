using GitJit.GitHub;
using Hangfire;
using Microsoft.Extensions.Options;
using Octokit.Webhooks;

namespace GitJit.Server;

/// <summary>Builds the GitJit web application: options, GitHub clients, Hangfire, the webhook endpoint, health.</summary>
public static class GitJitApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<GitHubOptions>()
            .Bind(builder.Configuration.GetSection(GitHubOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.PrivateKey) || File.Exists(o.PrivateKeyPath),
                "GitJit:GitHub:PrivateKeyPath must name the App's private key file (or set GitJit:GitHub:PrivateKey)")
            .Validate(o => !string.IsNullOrWhiteSpace(o.WebhookSecret), "GitJit:GitHub:WebhookSecret must be set: unsigned webhooks are refused")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new GitHubAppClients(sp.GetRequiredService<IOptions<GitHubOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<PullRequestEvaluation>();
        builder.Services.AddSingleton<IDeliveryLog, InMemoryDeliveryLog>();
        builder.Services.AddSingleton<WebhookEventProcessor, GitJitWebhookProcessor>();
        builder.Services.AddTransient<PullRequestJob>();
        builder.Services.AddHangfire(hangfire => hangfire
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        builder.Services.AddHangfireServer(server => server.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2));

        var app = builder.Build();
        Log.SingleMachineStorage(app.Logger);
        app.MapGitJitWebhooks();
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok", storage = "in-memory (single machine)" }));
        return app;
    }
}
