using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;

namespace GitJit.Server.Grants;

/// <summary>
/// The records GitJit writes to a grant's audit trail, one method an event, so what each one says is read in one
/// place. Each takes the moment of its event. None holds a secret.
/// </summary>
internal static class AuditRecords
{
    /// <summary>The merged request was provisioned: who asked, who approved on which commit, what it gives and until when.</summary>
    public static AuditRecord Granted(MergeSource source, AccessPlan plan, ManagedAccess access, DateTimeOffset at) => Approved(AuditEvent.Granted, source, plan, at) with
    {
        Principal = access.Principal,
        GrantedAt = access.ExpiresAt - plan.Duration,
        ExpiresAt = access.ExpiresAt,
        Emergency = plan.Emergency is null ? null : true,
        FollowUpBy = plan.Emergency is { } emergency ? access.ExpiresAt - plan.Duration + emergency.FollowUpWithin : null,
    };

    /// <summary>What a granted and a scheduled record both say of the approved request: who asked, who approved on which commit, what it gives.</summary>
    private static AuditRecord Approved(AuditEvent auditEvent, MergeSource source, AccessPlan plan, DateTimeOffset at) => new()
    {
        Event = auditEvent,
        Request = Grant.IdFor(source.Repository, source.PullRequest),
        At = at,
        RequestPath = plan.RequestPath,
        PullRequest = source.PullRequest,
        PullRequestUrl = source.PullRequestUrl,
        MergeCommit = source.MergeCommitSha,
        Requester = plan.Requester,
        RequesterId = plan.RequesterId,
        Approvals = ApprovalsOf(plan),
        ApprovedByRule = plan.Approvals.ByRule,
        Resource = plan.Resource,
        Role = plan.Role,
        Provider = plan.Provider,
        Guardrails = plan.Guardrails,
    };

    /// <summary>The approvals the plan counted, as records keep them.</summary>
    public static IReadOnlyList<AuditApproval> ApprovalsOf(AccessPlan plan) =>
        [.. plan.Approvals.Counted.Select(a => new AuditApproval(a.Reviewer, a.ReviewId, a.CommitId, a.ReviewerId))];

    /// <summary>The emergency grant <paramref name="granted"/> records was approved afterwards, by <paramref name="approvals"/>.</summary>
    public static AuditRecord Reviewed(AuditRecord granted, IReadOnlyList<AuditApproval> approvals, DateTimeOffset at) => new()
    {
        Event = AuditEvent.Reviewed,
        Request = granted.Request,
        At = at,
        PullRequest = granted.PullRequest,
        PullRequestUrl = granted.PullRequestUrl,
        Requester = granted.Requester,
        RequesterId = granted.RequesterId,
        Resource = granted.Resource,
        Role = granted.Role,
        Approvals = approvals,
        FollowUpBy = granted.FollowUpBy,
    };

    /// <summary>The emergency grant <paramref name="granted"/> records went without a code owner's approval past its follow-up window.</summary>
    public static AuditRecord Unreviewed(AuditRecord granted, DateTimeOffset at) => new()
    {
        Event = AuditEvent.Unreviewed,
        Request = granted.Request,
        At = at,
        PullRequest = granted.PullRequest,
        PullRequestUrl = granted.PullRequestUrl,
        Requester = granted.Requester,
        RequesterId = granted.RequesterId,
        Resource = granted.Resource,
        Role = granted.Role,
        FollowUpBy = granted.FollowUpBy,
    };

    /// <summary>
    /// The merged request is to be granted at <paramref name="startsAt"/>, for its duration from then: who asked, who
    /// approved on which commit, what it will give. No principal yet: nothing is provisioned until the start.
    /// </summary>
    public static AuditRecord Scheduled(MergeSource source, AccessPlan plan, DateTimeOffset startsAt, DateTimeOffset at) => Approved(AuditEvent.Scheduled, source, plan, at) with
    {
        StartsAt = startsAt,
        ExpiresAt = startsAt + plan.Duration,
    };

    /// <summary>
    /// The scheduled grant <paramref name="scheduled"/> records was cancelled before its start, because <paramref name="by"/>
    /// asked: a revocation of a grant that never began (no principal, no sessions).
    /// </summary>
    public static AuditRecord Cancelled(AuditRecord scheduled, string by, DateTimeOffset at) => new()
    {
        Event = AuditEvent.Revoked,
        Request = scheduled.Request,
        At = at,
        PullRequest = scheduled.PullRequest,
        Requester = scheduled.Requester,
        Resource = scheduled.Resource,
        Role = scheduled.Role,
        Provider = scheduled.Provider,
        StartsAt = scheduled.StartsAt,
        ExpiresAt = scheduled.ExpiresAt,
        RevokedAt = at,
        Reason = AuditReason.Cancelled,
        By = by,
        SessionsEnded = 0,
        CredentialsIssued = 0,
    };

    /// <summary>
    /// The requester extended the active grant: the new expiry, what it added, which extension it is, and what asked
    /// for it (the comment, or the merged extension request with its approvals).
    /// </summary>
    public static AuditRecord Extended(AuditRecord granted, DateTimeOffset expiresAt, TimeSpan extension, ExtensionAsk ask, int sequence, DateTimeOffset at) => new()
    {
        Event = AuditEvent.Extended,
        Request = granted.Request,
        At = at,
        PullRequest = granted.PullRequest,
        PullRequestUrl = granted.PullRequestUrl,
        Requester = granted.Requester,
        RequesterId = granted.RequesterId,
        Resource = granted.Resource,
        Role = granted.Role,
        Provider = granted.Provider,
        Principal = granted.Principal,
        ExpiresAt = expiresAt,
        Extension = extension,
        By = ask.By,
        CommentId = ask.CommentId,
        Sequence = sequence,
        ExtensionPullRequest = ask.Merge?.PullRequest,
        MergeCommit = ask.Merge?.MergeCommit,
        Approvals = ask.Merge?.Approvals,
        ApprovedByRule = ask.Merge?.ApprovedByRule,
    };

    /// <summary>The merged request was not granted, with every problem found.</summary>
    public static AuditRecord Refused(MergeRefusal refusal, DateTimeOffset at) => new()
    {
        Event = AuditEvent.Refused,
        Request = Grant.IdFor(refusal.Source.Repository, refusal.Source.PullRequest),
        At = at,
        RequestPath = refusal.RequestPath,
        PullRequest = refusal.Source.PullRequest,
        PullRequestUrl = refusal.Source.PullRequestUrl,
        MergeCommit = refusal.Source.MergeCommitSha,
        Requester = refusal.Requester,
        Reason = AuditReason.Refused,
        Problems = [.. refusal.Problems.Select(p => $"{p.Code}: {p.Message}")],
    };

    /// <summary>
    /// The grant ended (or, for <see cref="AuditReason.Orphan"/>, access without a grant was removed): why, by whom, what
    /// the provider ended, and how many times its credentials had been revealed.
    /// </summary>
    public static AuditRecord Revoked(RevocationOrder order, Revocation revocation, int credentialsIssued, DateTimeOffset at) => new()
    {
        Event = order.Reason == AuditReason.Orphan ? AuditEvent.OrphanRevoked : AuditEvent.Revoked,
        Request = order.GrantId,
        At = at,
        PullRequest = order.PullRequest,
        Requester = order.Requester,
        Resource = order.Resource,
        Role = order.Role,
        Provider = order.Provider,
        Principal = order.Principal,
        ExpiresAt = order.ExpiresAt,
        RevokedAt = at,
        Reason = order.Reason,
        By = order.By,
        SessionsEnded = revocation.SessionsEnded,
        ObjectsDropped = AuditRecord.ObjectsDroppedFrom(revocation.ObjectsDropped),
        CredentialsIssued = credentialsIssued,
    };

    /// <summary>
    /// The <paramref name="sequence"/>th reveal of fresh credentials for the grant <paramref name="granted"/> records, to
    /// <paramref name="by"/>, for <paramref name="principal"/>.
    /// </summary>
    public static AuditRecord CredentialsIssued(AuditRecord granted, int pullRequest, string principal, DateTimeOffset expiresAt, string by, int sequence, DateTimeOffset at) => new()
    {
        Event = AuditEvent.CredentialsIssued,
        Request = granted.Request,
        At = at,
        PullRequest = pullRequest,
        PullRequestUrl = granted.PullRequestUrl,
        Requester = granted.Requester,
        Resource = granted.Resource,
        Role = granted.Role,
        Provider = granted.Provider,
        Principal = principal,
        ExpiresAt = expiresAt,
        By = by,
        Sequence = sequence,
    };
}
