using GitJit.GitHub;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;
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
        builder.Services.AddSingleton<WebhookEventProcessor, GitJitWebhookProcessor>();
        builder.Services.AddTransient<PullRequestJob>();
        var storage = AddStorage(builder);
        builder.Services.AddHangfireServer(server => server.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2));

        var app = builder.Build();
        if (storage == Storage.InMemory) Log.SingleMachineStorage(app.Logger);
        app.MapGitJitWebhooks();
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok", storage = storage == Storage.InMemory ? "in-memory (single machine)" : "postgresql" }));
        return app;
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
            builder.Services.AddSingleton<IDeliveryLog, InMemoryDeliveryLog>();
            builder.Services.AddHangfire(hangfire => hangfire.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings().UseInMemoryStorage());
            return Storage.InMemory;
        }

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<IDeliveryLog, PostgresDeliveryLog>();
        builder.Services.AddHangfire(hangfire => hangfire
            .UseSimpleAssemblyNameTypeSerializer()
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
