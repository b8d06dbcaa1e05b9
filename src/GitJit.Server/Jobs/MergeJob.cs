using GitJit.Server.Workflow;
using Hangfire;

namespace GitJit.Server.Jobs;

/// <summary>The Hangfire job for a merged pull request: the merge decision, under the pull request's lock.</summary>
public sealed class MergeJob(MergeEvaluation evaluation, JobLocks locks)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task DecideAsync(long installationId, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        await using var pullRequestLock = await locks.AcquireAsync(owner, repository, number, PullRequestLock.JobTimeout, cancellationToken).ConfigureAwait(false);
        await evaluation.RunAsync(installationId, owner, repository, number, cancellationToken).ConfigureAwait(false);
    }
}
