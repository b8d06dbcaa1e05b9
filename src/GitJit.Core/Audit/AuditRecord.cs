using System.Text.Json.Serialization;
using GitJit.Core.Model;

namespace GitJit.Core.Audit;

/// <summary>What happened to a grant. Each event is one record, one file, one commit; never rewritten.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditEvent>))]
public enum AuditEvent
{
    /// <summary>The merged request was provisioned.</summary>
    [JsonStringEnumMemberName("granted")]
    Granted,

    /// <summary>The merged request was not granted (the decision on the merge commit failed).</summary>
    [JsonStringEnumMemberName("refused")]
    Refused,

    /// <summary>The grant was revoked: at expiry, early on request, or in an emergency.</summary>
    [JsonStringEnumMemberName("revoked")]
    Revoked,

    /// <summary>Access found in a target with no active grant record, revoked by the reconciler.</summary>
    [JsonStringEnumMemberName("orphan-revoked")]
    OrphanRevoked,

    /// <summary>
    /// The requester revealed fresh credentials for an active grant (the secret itself is never recorded). A grant
    /// may have several, numbered by <see cref="AuditRecord.Sequence"/> from 1.
    /// </summary>
    [JsonStringEnumMemberName("credentials-issued")]
    CredentialsIssued,

    /// <summary>
    /// The requester extended the active grant, in place (<c>/gitjit extend</c>) or by a merged extension request
    /// (<see cref="AuditRecord.ExtensionPullRequest"/>): <see cref="AuditRecord.ExpiresAt"/> is its new expiry,
    /// <see cref="AuditRecord.Extension"/> what was added. A grant may have several, numbered by
    /// <see cref="AuditRecord.Sequence"/> from 1; the last one's expiry is the grant's.
    /// </summary>
    [JsonStringEnumMemberName("extended")]
    Extended,

    /// <summary>
    /// An emergency grant was approved afterwards by the code owners named in <see cref="AuditRecord.Approvals"/>, within
    /// its follow-up window: it stands.
    /// </summary>
    [JsonStringEnumMemberName("reviewed")]
    Reviewed,

    /// <summary>
    /// An emergency grant's follow-up window (<see cref="AuditRecord.FollowUpBy"/>) passed without a code owner's approval:
    /// its access was revoked (if it was still active) and the pull request marked for review.
    /// </summary>
    [JsonStringEnumMemberName("unreviewed")]
    Unreviewed,

    /// <summary>
    /// The merged request was approved to begin later: <see cref="AuditRecord.StartsAt"/> is when it is to be
    /// provisioned, <see cref="AuditRecord.ExpiresAt"/> when it would then end. A <c>granted</c> record follows at the
    /// start, or a <c>revoked</c> one with <see cref="AuditReason.Cancelled"/> when it was cancelled before.
    /// </summary>
    [JsonStringEnumMemberName("scheduled")]
    Scheduled,
}

/// <summary>Why a grant ended (or never began).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditReason>))]
public enum AuditReason
{
    [JsonStringEnumMemberName("expired")]
    Expired,

    [JsonStringEnumMemberName("early")]
    Early,

    [JsonStringEnumMemberName("emergency")]
    Emergency,

    [JsonStringEnumMemberName("orphan")]
    Orphan,

    [JsonStringEnumMemberName("refused")]
    Refused,

    /// <summary>An emergency grant that no code owner approved within its follow-up window.</summary>
    [JsonStringEnumMemberName("unreviewed")]
    Unreviewed,

    /// <summary>A scheduled grant was cancelled before its start (<c>/gitjit revoke</c>): nothing was ever provisioned.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>An approval the grant rests on: who (login, and GitHub user id when known), which review, on which commit.</summary>
public sealed record AuditApproval(string Reviewer, long ReviewId, string CommitId, long? ReviewerId = null);

/// <summary>
/// One audit record, stored as JSON at <see cref="AuditPaths.For(AuditRecord)"/> in the access repository. Fields that an event
/// does not know are null (a refusal has no expiry; an orphan revocation knows only what the target's marker said).
/// Never holds a secret.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>The most lines <see cref="ObjectsDropped"/> holds, so that a record stays well within <see cref="AuditJson.MaxBytes"/>.</summary>
    public const int MaxObjectsDropped = 30;

    /// <summary>The longest line in <see cref="ObjectsDropped"/>; longer ones end in an ellipsis.</summary>
    public const int MaxObjectDroppedLength = 200;

    public required AuditEvent Event { get; init; }

    /// <summary>The grant id, <c>owner/repo#pull</c>; also the commit's <c>GitJit-Request:</c> trailer.</summary>
    public required string Request { get; init; }

    /// <summary>When the event happened (UTC).</summary>
    public required DateTimeOffset At { get; init; }

    public string? RequestPath { get; init; }

    public int? PullRequest { get; init; }

    public string? PullRequestUrl { get; init; }

    public string? MergeCommit { get; init; }

    public string? Requester { get; init; }

    /// <summary>The requester's GitHub user id (immutable, unlike the login), when known.</summary>
    public long? RequesterId { get; init; }

    public IReadOnlyList<AuditApproval>? Approvals { get; init; }

    /// <summary>On a granted record: true for a break-glass grant, made when the pull request opened, without approvals.</summary>
    public bool? Emergency { get; init; }

    /// <summary>
    /// On an emergency granted record (and its <see cref="AuditEvent.Unreviewed"/> record): when the follow-up window ends,
    /// by which a code owner must have approved the pull request.
    /// </summary>
    public DateTimeOffset? FollowUpBy { get; init; }

    /// <summary>On a granted record approved without reviews: the role's <c>autoApprove</c> rule that approved it, described.</summary>
    public string? ApprovedByRule { get; init; }

    public string? Resource { get; init; }

    public string? Role { get; init; }

    public string? Provider { get; init; }

    /// <summary>The principal in the target (for PostgreSQL, the role name).</summary>
    public string? Principal { get; init; }

    public Guardrails? Guardrails { get; init; }

    /// <summary>On a <see cref="AuditEvent.Scheduled"/> record, and the revocation that cancels one: when the grant was to be made.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? GrantedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public AuditReason? Reason { get; init; }

    /// <summary>Who asked for an early revocation (a login), or "gitjit" for the bot.</summary>
    public string? By { get; init; }

    /// <summary>Live sessions the revocation ended.</summary>
    public int? SessionsEnded { get; init; }

    /// <summary>
    /// On a revocation: what the principal had created in the target and the revocation dropped (see
    /// <see cref="Grants.Revocation.ObjectsDropped"/>), at most <see cref="MaxObjectsDropped"/> lines, the last saying
    /// how many more there were. Null when nothing was dropped.
    /// </summary>
    public IReadOnlyList<string>? ObjectsDropped { get; init; }

    /// <summary>
    /// <paramref name="dropped"/> as <see cref="ObjectsDropped"/> holds it: null when empty; else at most
    /// <see cref="MaxObjectsDropped"/> lines of at most <see cref="MaxObjectDroppedLength"/> characters, the last
    /// saying how many more there were when some are left out.
    /// </summary>
    public static IReadOnlyList<string>? ObjectsDroppedFrom(IReadOnlyList<string> dropped)
    {
        ArgumentNullException.ThrowIfNull(dropped);
        if (dropped.Count == 0) return null;
        var kept = dropped.Count <= MaxObjectsDropped ? dropped.Count : MaxObjectsDropped - 1;
        var lines = dropped.Take(kept).Select(o => o.Length <= MaxObjectDroppedLength ? o : o[..(MaxObjectDroppedLength - 1)] + "…").ToList();
        if (kept < dropped.Count) lines.Add($"… and {(dropped.Count - kept).ToString(System.Globalization.CultureInfo.InvariantCulture)} more");
        return lines;
    }

    /// <summary>Which reveal of the grant's credentials a <see cref="AuditEvent.CredentialsIssued"/> record is, or which extension an <see cref="AuditEvent.Extended"/> one is (1, 2, …).</summary>
    public int? Sequence { get; init; }

    /// <summary>
    /// On a <see cref="AuditEvent.CredentialsIssued"/> record: true when what was issued is a login to the guarded gateway
    /// (the role's own password went only to the gateway, encrypted); null for the role's own credentials.
    /// </summary>
    public bool? ViaGateway { get; init; }

    /// <summary>On a revocation: how many times credentials were issued for the grant while it was active.</summary>
    public int? CredentialsIssued { get; init; }

    /// <summary>On a revocation of a grant whose sessions went through the gateway: what they did (bounded); null when there were none.</summary>
    public SessionReport? Sessions { get; init; }

    /// <summary>On an <see cref="AuditEvent.Extended"/> record: how much time the extension added to the grant.</summary>
    public TimeSpan? Extension { get; init; }

    /// <summary>On an <see cref="AuditEvent.Extended"/> record: the id of the pull-request comment that asked for it, so that a retried command extends once.</summary>
    public long? CommentId { get; init; }

    /// <summary>
    /// On an <see cref="AuditEvent.Extended"/> record made by merging an extension request (<c>extends</c>): that pull
    /// request's number; then <see cref="Approvals"/> (or <see cref="ApprovedByRule"/>) are its approvals and
    /// <see cref="MergeCommit"/> its merge. Null for an extension in place (<c>/gitjit extend</c> on a role extended
    /// without approval). One extension request extends once.
    /// </summary>
    public int? ExtensionPullRequest { get; init; }

    /// <summary>Why a merge was refused: the findings' codes and messages.</summary>
    public IReadOnlyList<string>? Problems { get; init; }
}
