using GitJit.Server.Intake;
using GitJit.Server.Jobs;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace GitJit.Server.Hosting;

/// <summary>Registers where jobs and delivery ids live.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Jobs and delivery ids live in PostgreSQL when <c>ConnectionStrings:GitJit</c> is set, so several instances
    /// share them and nothing is lost on restart; otherwise in memory, for one machine.
    /// </summary>
    /// <returns>Which of the two it is.</returns>
    public static GitJitStorage AddGitJitStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(GitJit.Postgres.PostgresServiceCollectionExtensions.OwnConnection);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton<IWebhookInbox, InMemoryWebhookInbox>();
            services.AddHangfire(hangfire => hangfire.UseSimpleAssemblyNameTypeSerializer().UseTypeResolver(JobTypeResolver.Resolve).UseRecommendedSerializerSettings().UseInMemoryStorage());
            return GitJitStorage.InMemory;
        }

        // Intake runs the same few statements again and again: let Npgsql prepare them, unless the operator chose.
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (tuned.MaxAutoPrepare == 0) tuned.MaxAutoPrepare = 64;
        connectionString = tuned.ConnectionString;
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<PostgresWebhookInbox>();
        services.AddSingleton<IWebhookInbox>(sp => sp.GetRequiredService<PostgresWebhookInbox>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresWebhookInbox>());
        services.AddHangfire(hangfire => hangfire
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
        return GitJitStorage.PostgreSql;
    }
}
