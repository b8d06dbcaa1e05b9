using GitJit.Server.Grants;
using GitJit.Server.Hosting;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Jobs;

/// <summary>Registers the jobs a delivery becomes and the Hangfire servers that run them.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The pull-request, comment-command and merge jobs; <see cref="WorkerOptions"/> from
    /// <see cref="WorkerOptions.SectionName"/>, validated at start; unless <c>GitJit:Worker:Enabled</c> is <c>false</c>, the
    /// reconciler's and the pending-request sweep's schedules (<see cref="PendingRequestOptions"/>) and two Hangfire servers,
    /// one for every queue and one for revocations alone. Jobs pass the <see cref="GitHubRetryFilter"/>: rate-limit waits
    /// and the quick retries of passing GitHub failures.
    /// </summary>
    public static IServiceCollection AddGitJitJobs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddTransient<PullRequestJob>();
        services.AddTransient<CommentCommandJob>();
        services.AddTransient<MergeJob>();
        services.AddTransient<PendingRequestSweep>();
        // Hangfire's own filters (retries, …) and the GitHub retry filter on this application's clock and logger; Hangfire's
        // process-wide filter list would share one instance between every application in the process.
        services.AddSingleton<GitHubRetryFilter>();
        services.Replace(ServiceDescriptor.Singleton<IJobFilterProvider>(provider => new JobFilterProviderCollection(
            JobFilterProviders.Providers,
            new JobFilterCollection { provider.GetRequiredService<GitHubRetryFilter>() })));
        services.AddOptions<WorkerOptions>()
            .Bind(configuration.GetSection(WorkerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PendingRequestOptions>()
            .Bind(configuration.GetSection(PendingRequestOptions.SectionName))
            .Validate(o => o.IsValid, "GitJit:PendingRequests:SweepInterval must be whole minutes that divide an hour (1, 2, 5, 10, 15, 20, 30) or whole hours that divide a day (1, 2, 3, 4, 6, 8, 12, 24)")
            .ValidateOnStart();
        // GitJit:Worker:Enabled=false makes an intake-only instance: it verifies, de-duplicates and queues, and other
        // instances on the same PostgreSQL run the jobs.
        if ((configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new()).Enabled)
        {
            services.AddHostedService<ReconcilerSchedule>();
            services.AddHostedService<PendingRequestSweepSchedule>();
            services.AddHangfireServer((provider, server) =>
            {
                // Jobs mostly wait on GitHub, git and databases; a revocation waits for its record's push, which records
                // arriving meanwhile share. Enough workers let a burst of expiries share pushes: these serve revocations too.
                server.WorkerCount = provider.GetRequiredService<IOptions<WorkerOptions>>().Value.Count;
                server.Queues = [JobQueues.Revocations, JobQueues.Default];
                // Scheduled work (revocations at expiry, rate-limit waits) is due on the second, not within 15 s: a
                // revocation starts within this interval of its whole second and waits out the rest itself.
                server.SchedulePollingInterval = TimeSpan.FromMilliseconds(250);
                Stop(server, provider);
            });
            // Workers for revocations alone, so that an expiry never waits behind pull-request work, however much of it is
            // queued or stuck (on GitHub, say). Lightweight: the server above already moves scheduled jobs to their queues.
            services.AddHangfireServer((provider, server) =>
            {
                server.WorkerCount = provider.GetRequiredService<IOptions<WorkerOptions>>().Value.RevocationCount;
                server.Queues = [JobQueues.Revocations];
                server.IsLightweightServer = true;
                Stop(server, provider);
            });
        }
        return services;
    }

    /// <summary>
    /// On a stop, workers take no new job; a running job's cancellation token fires after <see cref="ShutdownOptions.JobGrace"/>
    /// and Hangfire re-queues it; Hangfire stops waiting before the host's own timeout.
    /// </summary>
    private static void Stop(BackgroundJobServerOptions server, IServiceProvider provider)
    {
        var shutdown = provider.GetRequiredService<IOptions<ShutdownOptions>>().Value;
        server.StopTimeout = shutdown.JobGrace;
        server.ShutdownTimeout = shutdown.JobShutdown;
    }
}
