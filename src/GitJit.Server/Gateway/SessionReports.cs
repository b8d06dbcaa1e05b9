using GitJit.Core.Audit;

namespace GitJit.Server.Gateway;

/// <summary>
/// The session report a revocation records: what this instance still has queued is written first (for at most a
/// couple of seconds), then the report is read from the statement log. A report that cannot be had is left out of the
/// record and logged: the revocation and its record never wait on it.
/// </summary>
public sealed partial class SessionReports(ISessionLogStore store, ILogger<SessionReports> logger, SessionLog? log = null)
{
    private static readonly TimeSpan FlushAtMost = TimeSpan.FromSeconds(2);

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
            return await store.ReportAsync(grantId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReportFailed(logger, e, grantId);
            return null;
        }
    }

    [LoggerMessage(EventId = 1073, Level = LogLevel.Warning, Message = "Could not read the gateway session report of {Grant}; its revocation is recorded without one")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string grant);
}
