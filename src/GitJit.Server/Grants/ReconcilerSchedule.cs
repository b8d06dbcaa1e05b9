using Hangfire;

namespace GitJit.Server.Grants;

/// <summary>
/// Runs the reconciler once at start-up and registers it to run every minute (one recurring job, however many
/// instances). Neither may keep the server from starting: after a crash, Hangfire's lock on the recurring job can be a
/// dead instance's for up to 30 seconds, so what fails is tried again every 10 seconds until it is done, and logged.
/// </summary>
public sealed partial class ReconcilerSchedule(IRecurringJobManager recurring, IBackgroundJobClient jobs, TimeProvider time, ILogger<ReconcilerSchedule> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registered = false;
        var ranOnce = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!registered) recurring.AddOrUpdate<Reconciler>(Reconciler.RecurringJobId, r => r.RunAsync(CancellationToken.None), Cron.Minutely());
                registered = true;
                if (!ranOnce) jobs.Enqueue<Reconciler>(r => r.RunAsync(CancellationToken.None));
                ranOnce = true;
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                NotScheduled(logger, e, Retry);
            }
            await Task.Delay(Retry, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1061, Level = LogLevel.Warning, Message = "Could not schedule the reconciler yet (its start-up run or its minutely job); trying again in {Retry}")]
    private static partial void NotScheduled(ILogger logger, Exception exception, TimeSpan retry);
}
