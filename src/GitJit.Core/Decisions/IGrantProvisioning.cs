namespace GitJit.Core.Decisions;

/// <summary>
/// Where a merge decision goes. A passing decision on the merged commit becomes a <see cref="GrantOrder"/>; a failing
/// one a refusal. Implementations provision (or record the refusal) idempotently per repository, pull request and
/// merge commit: they may be called twice for one merge.
/// </summary>
public interface IGrantProvisioning
{
    Task GrantAsync(GrantOrder order, CancellationToken cancellationToken);

    Task RefuseAsync(MergeRefusal refusal, CancellationToken cancellationToken);
}

/// <summary>A merged, approved request to provision: where it came from and the plan that was approved.</summary>
public sealed record GrantOrder(string Repository, int PullRequest, string MergeCommitSha, AccessPlan Plan);

/// <summary>A merged request GitJit will not grant, with every reason.</summary>
public sealed record MergeRefusal(string Repository, int PullRequest, string MergeCommitSha, IReadOnlyList<Finding> Problems);
