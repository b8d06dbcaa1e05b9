using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Jobs;

/// <summary>
/// Registers the sweep of pending access requests (<see cref="PendingRequestSweep"/>) as one recurring job every
/// <see cref="PendingRequestOptions.SweepInterval"/>, however many instances. Like the reconciler's schedule, it never
/// keeps the server from starting: what fails is tried again every 10 seconds, and logged.
/// </summary>
public sealed class PendingRequestSweepSchedule(IRecurringJobManager recurring, IOptions<PendingRequestOptions> options, TimeProvider time, ILogger<PendingRequestSweepSchedule> logger)
    : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                recurring.AddOrUpdate<PendingRequestSweep>(PendingRequestSweep.RecurringJobId, s => s.RunAsync(CancellationToken.None), options.Value.Cron());
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                JobsLogEvents.PendingSweepNotScheduled(logger, e, Retry);
            }
            await Task.Delay(Retry, time, stoppingToken).ConfigureAwait(false);
        }
    }
}
