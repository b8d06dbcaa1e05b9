using GitJit.Server.Workflow;
using Hangfire;

namespace GitJit.Server.Jobs;

/// <summary>The Hangfire job for a merged pull request: the merge decision, under the pull request's lock.</summary>
public sealed class MergeJob(MergeEvaluation evaluation, JobStorage storage)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task DecideAsync(long installationId, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        using var pullRequestLock = PullRequestLock.Acquire(storage, owner, repository, number, PullRequestLock.JobTimeout);
        await evaluation.RunAsync(installationId, owner, repository, number, cancellationToken).ConfigureAwait(false);
    }
}
