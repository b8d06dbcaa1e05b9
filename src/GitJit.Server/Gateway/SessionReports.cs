using System.Diagnostics;
using GitJit.Core.Audit;

namespace GitJit.Server.Gateway;

/// <summary>
/// The session report a revocation records: what this instance still has queued is written first (for at most a
/// couple of seconds); then, as every instance cuts the grant's sessions within about a second of its login ending
/// and logs their end, the report waits (for at most a few seconds) until the statement log holds no open session of
/// the grant, so what other instances had queued is in it too; then it is read. A report that cannot be had is left
/// out of the record and logged: the revocation and its record never wait on it for long.
/// </summary>
public sealed partial class SessionReports(ISessionLogStore store, ILogger<SessionReports> logger, SessionLog? log = null)
{
    private static readonly TimeSpan FlushAtMost = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OtherInstancesAtMost = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LookEvery = TimeSpan.FromMilliseconds(200);

    public async Task<SessionReport?> ForAsync(string grantId, CancellationToken cancellationToken)
    {
        try
        {
            if (log is not null)
            {
                using var flushing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                flushing.CancelAfter(FlushAtMost);
                try
                {
                    await log.FlushAsync(flushing.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Still queued after the wait: the report goes without the last few events.
                }
            }
            await UntilSessionsEndedAsync(grantId, cancellationToken).ConfigureAwait(false);
            return await store.ReportAsync(grantId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReportFailed(logger, e, grantId);
            return null;
        }
    }

    /// <summary>Waits, for at most <see cref="OtherInstancesAtMost"/>, until the log holds no open session of the grant (a crashed instance's never ends).</summary>
    private async Task UntilSessionsEndedAsync(string grantId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while ((await store.ReadAsync(grantId, 0, cancellationToken).ConfigureAwait(false)).Sessions.Any(s => s.EndedAt is null)
            && Stopwatch.GetElapsedTime(started) < OtherInstancesAtMost)
        {
            await Task.Delay(LookEvery, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1073, Level = LogLevel.Warning, Message = "Could not read the gateway session report of {Grant}; its revocation is recorded without one")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string grant);
}
