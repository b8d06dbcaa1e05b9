using GitJit.Server.Intake;
using GitJit.Server.Jobs;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace GitJit.Server.Hosting;

/// <summary>Registers where jobs and delivery ids live.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Jobs and delivery ids live in PostgreSQL when <c>ConnectionStrings:GitJit</c> is set, so several instances
    /// share them and nothing is lost on restart; otherwise in memory, for one machine.
    /// </summary>
    /// <remarks>
    /// The storage and the job activator are this application's own services, not Hangfire's process-wide
    /// <c>JobStorage.Current</c> and <c>JobActivator.Current</c>, which the last application built in a process would
    /// otherwise take over: two servers in one process (tests, a host running two) each keep their jobs to themselves.
    /// </remarks>
    /// <returns>Which of the two it is.</returns>
    public static GitJitStorage AddGitJitStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(GitJit.Postgres.PostgresServiceCollectionExtensions.OwnConnection);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton<IWebhookInbox, InMemoryWebhookInbox>();
            services.AddSingleton<JobLocks, ProcessJobLocks>();
            AddHangfire(services, _ => new InMemoryStorage());
            return GitJitStorage.InMemory;
        }

        // Intake runs the same few statements again and again: let Npgsql prepare them, unless the operator chose.
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (tuned.MaxAutoPrepare == 0) tuned.MaxAutoPrepare = 64;
        connectionString = tuned.ConnectionString;
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<JobLocks>(sp => new PostgresJobLocks(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<PostgresWebhookInbox>();
        services.AddSingleton<IWebhookInbox>(sp => sp.GetRequiredService<PostgresWebhookInbox>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresWebhookInbox>());
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "gitjit_hangfire",
            PrepareSchemaIfNecessary = true,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            // A job whose process died is taken again within 30 s: its worker's heartbeat keeps a running job's claim
            // fresh, so the timeout no longer has to outlast the longest job (the default waits 30 minutes). Short enough
            // that another instance finishes a killed revocation well within the minute the README promises.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(30),
            // Hangfire's own locks (its schedulers') are rows that a killed holder leaves behind; another instance
            // takes them over after this long (the default is 10 minutes). Ours are advisory locks (JobLocks).
            DistributedLockTimeout = TimeSpan.FromSeconds(30),
        };
        AddHangfire(services, _ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options));
        return GitJitStorage.PostgreSql;
    }

    private static void AddHangfire(IServiceCollection services, Func<IServiceProvider, JobStorage> storage)
    {
        services.AddSingleton(storage);
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton(provider => HangfireLogs.Instance.Attach(provider.GetRequiredService<ILoggerFactory>()));
        // What is left in Hangfire's global configuration is the same for every application: how jobs are written down,
        // and logs that go to whichever application is running.
        services.AddHangfire((provider, hangfire) =>
        {
            provider.GetRequiredService<HangfireLogs.Attachment>();
            hangfire.UseLogProvider(HangfireLogs.Instance).UseSimpleAssemblyNameTypeSerializer().UseTypeResolver(JobTypeResolver.Resolve).UseRecommendedSerializerSettings();
        });
    }
}
