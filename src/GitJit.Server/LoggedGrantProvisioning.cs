using GitJit.Core.Decisions;

namespace GitJit.Server;

/// <summary>
/// Until providers exist, the hand-over to provisioning: merge decisions are logged (never a secret: the plan only).
/// Replaced by the provisioning job when grants land.
/// </summary>
public sealed class LoggedGrantProvisioning(ILogger<LoggedGrantProvisioning> logger) : IGrantProvisioning
{
    public Task GrantAsync(GrantOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        Log.GrantOrdered(logger, order.Repository, order.PullRequest, order.MergeCommitSha, order.Plan.Requester, order.Plan.Resource, order.Plan.Role);
        return Task.CompletedTask;
    }

    public Task RefuseAsync(MergeRefusal refusal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        Log.GrantRefused(logger, refusal.Repository, refusal.PullRequest, refusal.MergeCommitSha, refusal.Problems.Count);
        return Task.CompletedTask;
    }
}
