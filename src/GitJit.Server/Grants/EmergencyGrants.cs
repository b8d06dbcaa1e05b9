using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.Server.Alerts;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Grants;

/// <summary>
/// Break-glass around a grant (<c>emergency: true</c>, on a role whose policy allows it). At the grant: the follow-up
/// is scheduled at the end of its window (<see cref="EmergencyFollowUpJob"/>) and the alert webhook told, before the
/// record; the code owners are mentioned in a comment after it. Afterwards, on every decision of the pull request (an
/// event, the merge, the follow-up itself): a code owner's approval of what was granted is recorded once
/// (<see cref="AuditEvent.Reviewed"/>), and the emergency stands.
/// </summary>
public sealed class EmergencyGrants(IAuditTrail audit, IPullRequestComments comments, IBackgroundJobClient jobs, IOptions<AlertOptions> alerts, TimeProvider time, ILogger<EmergencyGrants> logger)
{
    /// <summary>How late after its deadline an approval is still read as in time: the follow-up job's own lateness, well inside the audit's bound.</summary>
    public static readonly TimeSpan FollowUpGrace = TimeSpan.FromMinutes(1);

    /// <summary>The label on the pull request of an emergency grant nobody approved in time.</summary>
    public const string UnreviewedLabel = "gitjit: emergency unreviewed";

    /// <summary>When the follow-up window of the emergency grant <paramref name="access"/> of <paramref name="plan"/> ends.</summary>
    public static DateTimeOffset FollowUpBy(AccessPlan plan, ManagedAccess access)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(access);
        return access.ExpiresAt - plan.Duration + (plan.Emergency ?? throw new ArgumentException("not an emergency plan", nameof(plan))).FollowUpWithin;
    }

    /// <summary>
    /// Just provisioned in an emergency: schedules the follow-up and alerts the webhook. Both happen before the grant's
    /// record, so a crash leaves nothing unwatched (a retried merge job finds the record and schedules nothing twice).
    /// </summary>
    public void Granted(AuditLocation location, MergeSource source, AccessPlan plan, ManagedAccess access)
    {
        ArgumentNullException.ThrowIfNull(source);
        var followUpBy = FollowUpBy(plan, access);
        var followUp = new EmergencyFollowUp(location, source.PullRequest, access.GrantId, followUpBy);
        jobs.Schedule<EmergencyFollowUpJob>(job => job.CheckAsync(followUp, CancellationToken.None), followUpBy);
        if (alerts.Value.WebhookUrl is not null)
        {
            var text = $"🚨 Emergency access on {source.Repository}: {plan.Requester} was granted {plan.Role} on {plan.Resource} without approval, "
                + $"until {GrantComments.Utc(access.ExpiresAt)}. A code owner must approve {source.PullRequestUrl} by {GrantComments.Utc(followUpBy)}, or the access is revoked.";
            jobs.Enqueue<AlertJob>(job => job.TextWebhookAsync(text, CancellationToken.None));
        }
        Log.EmergencyGranted(logger, access.GrantId, access.Principal, access.ExpiresAt, followUpBy);
    }

    /// <summary>The comment that alerts the code owners, posted once (a retry finds it by its name).</summary>
    public Task AnnounceAsync(MergeSource source, AccessPlan plan, DateTimeOffset followUpBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return comments.EnsureAsync(source.Installation, source.Owner, source.Name, source.PullRequest, "emergency", GrantComments.Emergency(plan, followUpBy), cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="plan"/> (the pull request decided again, from GitHub) carries a code owner's approval of
    /// the emergency grant <paramref name="recorded"/> holds; the first time, the review is recorded and the pull request
    /// told. A reviewed record alone proves nothing here (anyone who can push to the records branch could write one):
    /// only GitHub's reviews do. Called under the pull request's lock.
    /// </summary>
    public async Task<bool> ReviewAsync(AuditLocation location, AccessPlan? plan, IReadOnlyList<AuditRecord> recorded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.FirstOrDefault(r => r.Event == AuditEvent.Granted) is not { Emergency: true, PullRequest: { } pullRequest } granted) return false;
        if (recorded.Any(r => r.Event == AuditEvent.Unreviewed) || Approvals(plan, granted) is not { } approvals) return false;
        if (recorded.Any(r => r.Event == AuditEvent.Reviewed)) return true;
        // Not reviewed yet: past the deadline (and the follow-up's own minute of lateness) an approval is too late,
        // whoever reads it first.
        if (granted.FollowUpBy is not { } deadline || time.GetUtcNow() > deadline + FollowUpGrace) return false;
        await audit.AppendAsync(location, AuditRecords.Reviewed(granted, approvals, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await comments.EnsureAsync(location.Installation, location.Owner, location.Name, pullRequest, "emergency-reviewed", GrantComments.Reviewed(approvals), cancellationToken).ConfigureAwait(false);
        Log.EmergencyReviewed(logger, granted.Request, approvals.Count);
        return true;
    }

    /// <summary>
    /// The code-owner approvals in <paramref name="plan"/> that review the emergency grant <paramref name="granted"/>: at
    /// least one (counted as for a merge: on the current head, never the requester's), of a request that still asks for
    /// what was granted (requester, resource, role, duration and guardrails). Null when there are none: an approval of a
    /// request changed since the grant does not vouch for the grant.
    /// </summary>
    internal static IReadOnlyList<AuditApproval>? Approvals(AccessPlan? plan, AuditRecord granted)
    {
        if (plan is not { Approvals.Counted.Count: > 0 } || granted.Guardrails is null) return null;
        var same = string.Equals(plan.Requester, granted.Requester, StringComparison.OrdinalIgnoreCase)
            && string.Equals(plan.Resource, granted.Resource, StringComparison.Ordinal)
            && string.Equals(plan.Role, granted.Role, StringComparison.Ordinal)
            && granted.ExpiresAt - granted.GrantedAt == plan.Duration
            && string.Equals(GuardrailsDigest.Of(plan.Guardrails), GuardrailsDigest.Of(granted.Guardrails), StringComparison.Ordinal);
        return same ? AuditRecords.ApprovalsOf(plan) : null;
    }
}

/// <summary>What the follow-up of an emergency grant needs, as job arguments: where its records are, which grant, and when its window ends.</summary>
public sealed record EmergencyFollowUp(AuditLocation Location, int PullRequest, string GrantId, DateTimeOffset FollowUpBy);
