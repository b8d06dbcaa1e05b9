using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>Where a grant's story stands.</summary>
public enum GrantStatus
{
    /// <summary>Granted and not yet expired.</summary>
    Active,

    /// <summary>Expired, not yet revoked, and still within the bound.</summary>
    Expiring,

    /// <summary>Expired longer than the bound ago and never revoked.</summary>
    Overdue,

    /// <summary>Granted, then revoked.</summary>
    Revoked,

    /// <summary>Refused on merge: nothing was granted.</summary>
    Refused,

    /// <summary>Access with no grant record, revoked by the reconciler.</summary>
    OrphanRevoked,

    /// <summary>Records that tell no coherent story (a revocation or reveals with no grant, no expiry).</summary>
    Incomplete,

    /// <summary>Merged before its start, and to be granted then; not granted yet.</summary>
    Scheduled,

    /// <summary>Scheduled, then cancelled before its start: nothing was granted.</summary>
    Cancelled,
}

/// <summary>
/// One grant's story from its records. <see cref="Lateness"/> is how long after expiry the grant was revoked (or,
/// when overdue, has been left); null when revoked before or at expiry, or when it cannot be known.
/// <see cref="CredentialsIssued"/> lists each reveal of the grant's credentials, by sequence (empty when none).
/// </summary>
public sealed record GrantTimeline(
    string Request,
    GrantStatus Status,
    string? Requester,
    string? Resource,
    string? Role,
    DateTimeOffset? GrantedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    AuditReason? Reason,
    TimeSpan? Lateness)
{
    public IReadOnlyList<CredentialsReveal> CredentialsIssued { get; init; } = [];

    /// <summary>Each extension of the grant, by sequence (empty when none); <see cref="ExpiresAt"/> is already the last one's.</summary>
    public IReadOnlyList<GrantExtension> Extensions { get; init; } = [];

    /// <summary>For a grant that was scheduled: when it was to begin (its <c>scheduled</c> record's <c>startsAt</c>); null otherwise.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>For an emergency grant, where its follow-up review stands; null for any other grant.</summary>
    public EmergencyReview? Emergency { get; init; }
}

/// <summary>Where an emergency grant's follow-up review stands.</summary>
public enum EmergencyReview
{
    /// <summary>Its follow-up window is still open, and no code owner has approved yet.</summary>
    Pending,

    /// <summary>A code owner approved it within its follow-up window.</summary>
    Reviewed,

    /// <summary>No code owner approved it in time (an anomaly says how).</summary>
    Unreviewed,
}

/// <summary>One extension of a grant: its sequence (null when the record has none), when, by whom, the expiry it set and what it added.</summary>
public sealed record GrantExtension(int? Sequence, DateTimeOffset At, string? By, DateTimeOffset? ExpiresAt, TimeSpan? Added)
{
    /// <summary>The merged extension request that approved it; null for an extension in place (a role extended without approval).</summary>
    public int? PullRequest { get; init; }
}

/// <summary>One reveal of a grant's credentials: its sequence (null when the record has none), when, and to whom.</summary>
public sealed record CredentialsReveal(int? Sequence, DateTimeOffset At, string? By);
