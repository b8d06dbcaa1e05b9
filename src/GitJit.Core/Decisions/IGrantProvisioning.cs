namespace GitJit.Core.Decisions;

/// <summary>
/// Where a merge decision goes. A passing decision on the merged commit becomes a <see cref="GrantOrder"/>; a failing
/// one a refusal. Implementations provision (or record the refusal) idempotently per repository, pull request and
/// merge commit: they may be called twice for one merge. Either way they tell the pull request.
/// </summary>
public interface IGrantProvisioning
{
    Task GrantAsync(GrantOrder order, CancellationToken cancellationToken);

    Task RefuseAsync(MergeRefusal refusal, CancellationToken cancellationToken);
}

/// <summary>
/// The merged pull request an order or refusal comes from: the App installation that received it, the repository
/// (<c>owner/name</c>) and where its git history lives (<see cref="CloneUrl"/>; <see cref="Branch"/>, the granting
/// branch its records are committed to; <see cref="DefaultBranch"/>, the repository's default branch, when known).
/// </summary>
public sealed record MergeSource(long Installation, string Repository, int PullRequest, string PullRequestUrl, string MergeCommitSha, string CloneUrl, string Branch,
    string? DefaultBranch = null)
{
    public string Owner => Repository.Split('/', 2)[0];

    public string Name => Repository.Split('/', 2)[1];
}

/// <summary>A merged, approved request to provision: where it came from and the plan that was approved.</summary>
public sealed record GrantOrder(MergeSource Source, AccessPlan Plan);

/// <summary>A merged request GitJit will not grant, with every reason.</summary>
public sealed record MergeRefusal(MergeSource Source, string? RequestPath, string? Requester, IReadOnlyList<Finding> Problems);
