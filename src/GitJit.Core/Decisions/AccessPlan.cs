using GitJit.Core.CodeOwners;
using GitJit.Core.Model;

namespace GitJit.Core.Decisions;

/// <summary>
/// What merging would grant: who gets which role on which resource, for how long, under which effective guardrails,
/// and who must approve. Expiry is counted from the grant, which happens after merge. <see cref="RequesterId"/> is the
/// requester's GitHub user id (the pull request's author, whom the requester must be), when known.
/// </summary>
public sealed record AccessPlan(
    string RequestPath,
    string Requester,
    string Resource,
    string Role,
    string Provider,
    PolicyTarget Target,
    TimeSpan Duration,
    string Reason,
    string? Ticket,
    Guardrails Guardrails,
    IReadOnlyList<Owner> Approvers,
    ApprovalTally Approvals,
    long? RequesterId = null)
{
    /// <summary>
    /// When the role lets the requester extend the grant in place (<c>/gitjit extend</c>, no new approvals): the longest
    /// the grant may then last in total (the role's <c>maxDuration</c>). Null when it does not: longer access is a new request.
    /// </summary>
    public TimeSpan? Extension { get; init; }

    /// <summary>
    /// For a break-glass request (<c>emergency: true</c>) on a role that allows it: the role's emergency rule. The plan is
    /// then granted when the pull request opens, and must be approved by a code owner within its follow-up window.
    /// </summary>
    public EmergencyAccess? Emergency { get; init; }

    /// <summary>
    /// The request's <c>start</c>, when it has one. Unless <see cref="StartHasPassed"/>, a merge before it grants at this
    /// moment, for <see cref="Duration"/> from it; a merge after it grants at once.
    /// </summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Whether <see cref="Start"/> had passed when the decision was taken: the grant then begins at merge.</summary>
    public bool StartHasPassed { get; init; }

    /// <summary>
    /// For an extension request: the merged pull request whose grant merging extends by <see cref="Duration"/> (instead of
    /// granting anything new); then <see cref="MaxDuration"/> bounds the grant's whole length. Null for an ordinary request.
    /// </summary>
    public int? Extends { get; init; }

    /// <summary>The role's <c>maxDuration</c> on the base branch: the longest a grant of it may last in all, extensions included.</summary>
    public TimeSpan MaxDuration { get; init; }
}
