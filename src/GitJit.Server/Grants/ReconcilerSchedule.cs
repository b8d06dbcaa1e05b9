using Hangfire;

namespace GitJit.Server.Grants;

/// <summary>Runs the reconciler once at start-up and registers it to run every minute (one recurring job, however many instances).</summary>
public sealed class ReconcilerSchedule(IRecurringJobManager recurring, IBackgroundJobClient jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<Reconciler>(Reconciler.RecurringJobId, r => r.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.Enqueue<Reconciler>(r => r.RunAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
