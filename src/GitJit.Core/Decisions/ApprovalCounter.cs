using GitJit.Core.CodeOwners;
using GitJit.Core.Model;

namespace GitJit.Core.Decisions;

/// <summary>
/// Counts approvals the way GitJit's invariants demand. Per reviewer only the latest review that takes a position
/// (approved, changes requested, dismissed) matters, as on GitHub, where a later comment does not withdraw an
/// approval. It counts only when it is an approval, on the current head commit, from a code owner of the request file
/// (teams expanded), and not from the requester or the pull request's author. Logins compare case-insensitively.
/// </summary>
public static class ApprovalCounter
{
    public static ApprovalTally Count(IReadOnlyList<Review> reviews, IReadOnlyList<Owner> owners, int required, string requester, string author, string headSha, TeamDirectory teams)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        var counted = new List<CountedApproval>();
        var ignored = new List<IgnoredReview>();
        var latest = reviews
            .Where(r => r.State is ReviewState.Approved or ReviewState.ChangesRequested or ReviewState.Dismissed)
            .GroupBy(r => r.Reviewer, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).Last())
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id);

        foreach (var review in latest)
        {
            var why = Disqualify(review, owners, requester, author, headSha, teams);
            if (why is null)
            {
                counted.Add(new CountedApproval(review.Reviewer, review.Id, review.CommitId, review.ReviewerId));
            }
            else if (review.State != ReviewState.Dismissed)
            {
                ignored.Add(new IgnoredReview(review.Reviewer, review.Id, why));
            }
        }
        return new ApprovalTally(required, counted, ignored);
    }

    private static string? Disqualify(Review review, IReadOnlyList<Owner> owners, string requester, string author, string headSha, TeamDirectory teams)
    {
        if (review.State == ReviewState.ChangesRequested) return "requested changes";
        if (review.State != ReviewState.Approved) return "approval dismissed";
        if (string.Equals(review.Reviewer, requester, StringComparison.OrdinalIgnoreCase)
            || string.Equals(review.Reviewer, author, StringComparison.OrdinalIgnoreCase))
        {
            return "is the requester; nobody approves their own access";
        }
        if (!string.Equals(review.CommitId, headSha, StringComparison.OrdinalIgnoreCase))
        {
            return $"approved an earlier commit ({Short(review.CommitId)}); approve the current one ({Short(headSha)})";
        }
        var unknown = new List<string>();
        foreach (var owner in owners)
        {
            var membership = owner.Kind switch
            {
                OwnerKind.User => teams.Includes(new Principal(false, owner.Name), review.Reviewer),
                OwnerKind.Team => teams.IsMember(review.Reviewer, owner.Name),
                _ => Membership.NotMember,
            };
            if (membership == Membership.Member) return null;
            if (membership == Membership.Unknown) unknown.Add("@" + owner.Name);
        }
        return unknown.Count > 0
            ? $"membership of {Text.List(unknown)} cannot be checked here"
            : "is not a code owner of the request file";
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
