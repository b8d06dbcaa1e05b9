using GitJit.Server.Workflow;
using Hangfire;

namespace GitJit.Server.Jobs;

/// <summary>
/// The Hangfire job for a pull-request event. It takes ids only and re-reads everything from GitHub, so running it
/// twice, late or after a newer event is harmless; failures (GitHub errors, rate limits) are retried with back-off.
/// Evaluations of one pull request run one at a time (<see cref="PullRequestLock"/>), so two events arriving together
/// cannot both create the sticky comment.
/// </summary>
public sealed class PullRequestJob(PullRequestEvaluation evaluation, JobLocks locks, ILogger<PullRequestJob> logger)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task EvaluateAsync(long installationId, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        await using var pullRequestLock = await locks.AcquireAsync(owner, repository, number, PullRequestLock.JobTimeout, cancellationToken).ConfigureAwait(false);
        var decision = await evaluation.RunAsync(installationId, owner, repository, number, cancellationToken).ConfigureAwait(false);
        Log.Evaluated(logger, owner, repository, number, decision.Status);
    }
}
