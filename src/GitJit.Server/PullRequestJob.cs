using GitJit.GitHub;
using Hangfire;

namespace GitJit.Server;

/// <summary>
/// The Hangfire job for a pull-request event. It takes ids only and re-reads everything from GitHub, so running it
/// twice, late or after a newer event is harmless; failures (GitHub errors, rate limits) are retried with back-off.
/// </summary>
public sealed class PullRequestJob(PullRequestEvaluation evaluation, ILogger<PullRequestJob> logger)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task EvaluateAsync(long installationId, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        var decision = await evaluation.RunAsync(installationId, owner, repository, number, cancellationToken).ConfigureAwait(false);
        Log.Evaluated(logger, owner, repository, number, decision.Status);
    }
}
