using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Hosting;

/// <summary>
/// Tells the stop in the log: when it begins (SIGTERM, or any stop of the host) and, registered first so that it stops
/// last, when every other part has stopped — the webhook listener closed, the jobs finished or re-queued, the gateway's
/// sessions ended — and how long it took.
/// </summary>
internal sealed partial class ShutdownStory(IHostApplicationLifetime lifetime, IOptions<ShutdownOptions> options, ILogger<ShutdownStory> logger) : IHostedService
{
    private long stoppingAt;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            Interlocked.Exchange(ref stoppingAt, Stopwatch.GetTimestamp());
            Stopping(logger, options.Value.JobGrace, options.Value.Timeout);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var began = Interlocked.Read(ref stoppingAt);
        var took = began == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(began);
        if (cancellationToken.IsCancellationRequested) NotDrained(logger, took, options.Value.Timeout);
        else Drained(logger, took);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1097, Level = LogLevel.Information,
        Message = "Stopping: no new jobs are taken; running jobs may finish for {JobGrace}, then are cancelled and re-queued; gateway sessions are ended; at most {Timeout} in all")]
    private static partial void Stopping(ILogger logger, TimeSpan jobGrace, TimeSpan timeout);

    [LoggerMessage(EventId = 1098, Level = LogLevel.Information,
        Message = "Stopped cleanly in {Took}: webhook intake closed, jobs drained (finished or re-queued), gateway sessions ended")]
    private static partial void Drained(ILogger logger, TimeSpan took);

    [LoggerMessage(EventId = 1099, Level = LogLevel.Warning,
        Message = "Stopped after {Took}, past GitJit:Shutdown:Timeout {Timeout}: some part did not stop in time; its jobs run again elsewhere once their server is seen dead")]
    private static partial void NotDrained(ILogger logger, TimeSpan took, TimeSpan timeout);
}
