using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Server.Gateway;
using GitJit.Server.Jobs;
using Hangfire;

namespace GitJit.Server.Grants;

/// <summary>
/// Ends a grant: its gateway login is ended first (every gateway instance cuts the grant's sessions within a second),
/// then the provider ends its sessions and removes the access (the deadline is about access, not paperwork), then the
/// revocation is recorded in git, with the gateway's session report (bounded), and the pull request told. Safe to run twice or after an
/// earlier revocation: the provider finds nothing, the record is already there, and the comment (found by its
/// marker) is posted only when missing.
/// </summary>
public sealed class RevokeJob(
    AccessProviders providers, IAuditTrail audit, IPullRequestComments pullRequests, IBackgroundJobClient jobs, JobLocks locks, IGatewayLoginStore gatewayLogins,
    SessionReports sessionReports, TimeProvider time, ILogger<RevokeJob> logger)
{
    /// <summary>The longest a revocation picked up early waits for its expiry instead of being scheduled again.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Revokes at expiry (scheduled) or when asked. On <see cref="JobQueues.Revocations"/>, whose reserved workers nothing
    /// else occupies; Hangfire applies the queue whenever the job is enqueued: when due, and again on every retry.
    /// </summary>
    [Queue(JobQueues.Revocations)]
    [AutomaticRetry(Attempts = 20)]
    public async Task RevokeAsync(RevocationOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Reason == AuditReason.Expired && order.ExpiresAt - time.GetUtcNow() is { Ticks: > 0 } early)
        {
            if (early > LongestWait)
            {
                // Far too early (a clock moved?): come back at the right time rather than hold a worker.
                RevocationSchedule.AtExpiry(jobs, order);
                return;
            }
            // Timers may fire a hair early; access is never ended before its time.
            do await Task.Delay(early + TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
            while ((early = order.ExpiresAt - time.GetUtcNow()) > TimeSpan.Zero);
        }

        // Under the pull request's lock, so a merge job (or its retry) cannot provision between this revocation and its
        // record, nor an extension move the expiry while it is read.
        await using var pullRequestLock = await locks.AcquireAsync(order.Location.Owner, order.Location.Name, order.PullRequest, PullRequestLock.JobTimeout, cancellationToken).ConfigureAwait(false);
        if (order.Reason == AuditReason.Expired && await ExtendedUntilAsync(order, cancellationToken).ConfigureAwait(false) is { } expiresAt)
        {
            // Extended since this was scheduled: the revocation moves to the new expiry.
            RevocationSchedule.AtExpiry(jobs, order with { ExpiresAt = expiresAt });
            Log.RevocationMoved(logger, order.GrantId, order.ExpiresAt, expiresAt);
            return;
        }
        await RevokeLockedAsync(order, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The grant's expiry if an extension moved it past <paramref name="order"/>'s, else null. Both halves of an extension
    /// must say so: the target first (an extension moves it first; one query, and most grants stop here, with no git
    /// read before the access ends), then the records (written last). The earlier of the two wins, so neither a record
    /// someone committed by hand nor a target moved by an extension that died before its record keeps access longer.
    /// Whatever cannot be read counts as no extension: the deadline is about access.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Whatever keeps the answer away, the access ends at the expiry already known.")]
    private async Task<DateTimeOffset?> ExtendedUntilAsync(RevocationOrder order, CancellationToken cancellationToken)
    {
        if (order.Connection.Length == 0) return null;
        try
        {
            var target = (await providers.For(order.Provider).ListAsync(cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(a => a.GrantId == order.GrantId && a.Principal == order.Principal)?.ExpiresAt;
            if (target is not { } moved || moved <= order.ExpiresAt) return null;
            var recorded = GrantExpiry.Of((await audit.ReadAsync(order.Location, order.PullRequest, cancellationToken).ConfigureAwait(false))
                .Where(r => string.Equals(r.Request, order.GrantId, StringComparison.Ordinal)));
            return recorded is { } until && until > order.ExpiresAt ? (until < moved ? until : moved) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ExtensionUnreadable(logger, e, order.GrantId);
            return null;
        }
    }

    /// <summary>
    /// Ends the grant <paramref name="granted"/> records at once, because <paramref name="by"/> asked (<c>/gitjit revoke</c>,
    /// or an admin on the grants page). The provider says where the access lives; when it is already gone, the
    /// revocation is still recorded.
    /// </summary>
    public async Task RevokeEarlyAsync(AuditLocation location, AuditRecord granted, string by, CancellationToken cancellationToken) =>
        await RevokeAsync(await OrderForAsync(location, granted, AuditReason.Early, by, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The order ending the grant <paramref name="granted"/> records now, for <paramref name="reason"/>: the access as
    /// its provider lists it, or (already gone there) only the record to write.
    /// </summary>
    internal async Task<RevocationOrder> OrderForAsync(AuditLocation location, AuditRecord granted, AuditReason reason, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(granted);
        var managed = await providers.For(granted.Provider!).ListAsync(cancellationToken).ConfigureAwait(false);
        var access = managed.FirstOrDefault(m => m.GrantId == granted.Request)
            ?? new ManagedAccess(granted.Request, granted.Provider!, "", null, granted.Principal!, granted.ExpiresAt!.Value);
        return RevocationOrder.For(location, granted.PullRequest!.Value, access, reason, by).Of(granted);
    }

    /// <summary>The revocation itself, for a caller that already holds the pull request's lock (the reconciler).</summary>
    internal async Task RevokeLockedAsync(RevocationOrder order, CancellationToken cancellationToken)
    {
        // Before the upstream sessions: the gateway would otherwise log a cut session straight back in.
        await gatewayLogins.EndAsync(order.GrantId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        // No connection: the provider no longer had the access when this was ordered; only the record is missing.
        var revocation = order.Connection.Length == 0
            ? new Revocation(Existed: false, SessionsEnded: 0)
            : await providers.For(order.Provider).RevokeAsync(order.Access, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var mine = await audit.ReadAsync(order.Location, order.PullRequest, cancellationToken).ConfigureAwait(false);
        // Reveals happen under the same lock, so this count is final.
        var issued = mine.Count(r => r.Event == AuditEvent.CredentialsIssued);
        Log.Revoked(logger, order.GrantId, order.Principal, order.Reason, revocation.Existed, revocation.SessionsEnded, revocation.ObjectsDropped.Count, now - order.ExpiresAt);
        // A grant ends once in git. A revocation scheduled by a merge job that died before its granted record finds the
        // reconciler's orphan-revoked record here (and the reverse): the access is gone, and so is the story's end.
        var ends = order.Reason == AuditReason.Orphan ? AuditEvent.OrphanRevoked : AuditEvent.Revoked;
        if (mine.Any(r => (r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked) && r.Event != ends)) return;

        var report = await sessionReports.ForAsync(order.GrantId, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(order.Location, AuditRecords.Revoked(order, revocation, issued, now) with { Sessions = report }, cancellationToken).ConfigureAwait(false);
        try
        {
            await pullRequests.EnsureAsync(order.Installation, order.Location.Owner, order.Location.Name, order.PullRequest, "revoked",
                GrantComments.Revoked(order, revocation, now), cancellationToken).ConfigureAwait(false);
        }
        catch (Octokit.ApiException e)
        {
            // The revocation and its record stand; the comment is a courtesy (the pull request may even be gone).
            Log.RevocationNotAnnounced(logger, e, order.GrantId);
        }
    }
}
