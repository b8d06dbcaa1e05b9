using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Server.Jobs;

namespace GitJit.Server.Grants;

/// <summary>
/// Cancels a grant merged before its start, before it begins (<c>/gitjit revoke</c>): a <c>revoked</c> record with reason
/// <c>cancelled</c>, then a comment. Under the pull request's lock, so the merge job at the start either has made the grant
/// already (and it is revoked like any other) or finds the cancellation and provisions nothing.
/// </summary>
public sealed class ScheduleCancellation(IAuditTrail audit, IPullRequestComments pullRequests, JobLocks locks, TimeProvider time, ILogger<ScheduleCancellation> logger)
{
    /// <summary>
    /// Cancels the schedule <paramref name="scheduled"/> records, as <paramref name="by"/> asked. Returns the grant's
    /// <c>granted</c> record when it began meanwhile, for the caller to revoke; null when it was cancelled (now, or before).
    /// </summary>
    public async Task<AuditRecord?> CancelAsync(AuditLocation location, AuditRecord scheduled, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(scheduled);
        var pullRequest = scheduled.PullRequest ?? throw new ArgumentException("A scheduled record names its pull request.", nameof(scheduled));
        await using var pullRequestLock = await locks.AcquireAsync(location.Owner, location.Name, pullRequest, PullRequestLock.JobTimeout, cancellationToken).ConfigureAwait(false);
        var records = (await audit.ReadAsync(location, pullRequest, cancellationToken).ConfigureAwait(false))
            .Where(r => string.Equals(r.Request, scheduled.Request, StringComparison.Ordinal)).ToList();
        if (records.FirstOrDefault(r => r.Event == AuditEvent.Granted) is { } granted) return granted;

        var cancelled = records.FirstOrDefault(r => r is { Event: AuditEvent.Revoked, Reason: AuditReason.Cancelled });
        if (cancelled is null)
        {
            if (records.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked or AuditEvent.Refused)) return null;
            cancelled = AuditRecords.Cancelled(scheduled, by, time.GetUtcNow());
            await audit.AppendAsync(location, cancelled, cancellationToken).ConfigureAwait(false);
            Log.GrantCancelled(logger, scheduled.Request, by);
        }
        // Also when a cancellation died between its record and this comment.
        await pullRequests.EnsureAsync(location.Installation, location.Owner, location.Name, pullRequest, "cancelled",
            GrantComments.Cancelled(scheduled, cancelled.By ?? by, cancelled.RevokedAt ?? cancelled.At), cancellationToken).ConfigureAwait(false);
        return null;
    }
}
