namespace GitJit.Core.Decisions;

/// <summary>An approval that counts: a code owner, not the requester, latest review APPROVED on the head commit.</summary>
public sealed record CountedApproval(string Reviewer, long ReviewId, string CommitId, long? ReviewerId = null);

/// <summary>A review that does not count, and why (shown to reviewers in the plan).</summary>
public sealed record IgnoredReview(string Reviewer, long ReviewId, string Reason);

/// <summary>
/// The approvals a request has against the <see cref="Required"/> count of its role, or the rule that approved it
/// without them (<see cref="ByRule"/>).
/// </summary>
public sealed record ApprovalTally(int Required, IReadOnlyList<CountedApproval> Counted, IReadOnlyList<IgnoredReview> Ignored)
{
    public static ApprovalTally None { get; } = new(0, [], []);

    /// <summary>The role's <c>autoApprove</c> rule that approves this request, described; null when people must.</summary>
    public string? ByRule { get; init; }

    /// <summary>Why the role's <c>autoApprove</c> rule does not approve this request; null when it does, or the role has none.</summary>
    public string? NotByRule { get; init; }

    public bool IsSatisfied => ByRule is not null || (Required > 0 && Counted.Count >= Required);

    public int Missing => Math.Max(0, Required - Counted.Count);
}
