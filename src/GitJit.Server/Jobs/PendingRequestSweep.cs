using GitJit.Core.Audit;
using GitJit.GitHub;
using GitJit.Server.Grants;
using GitJit.Server.Workflow;
using Hangfire;
using Octokit;

namespace GitJit.Server.Jobs;

/// <summary>
/// Every <see cref="PendingRequestOptions.SweepInterval"/>, closes the access requests that waited longer than their
/// policy allows (<see cref="PendingRequestExpiry"/>), in every access repository GitJit knows
/// (<see cref="AccessRepositories"/>). One instance sweeps at a time; a pull request a job is working on (its lock is
/// held) is left for the next sweep. A failure on one repository or pull request is logged and the others are still
/// swept; GitHub's rate limits end the sweep (the next one carries on).
/// </summary>
public sealed class PendingRequestSweep(
    AccessRepositories repositories,
    GitHubAppClients clients,
    PendingRequestExpiry expiry,
    JobLocks locks,
    ILogger<PendingRequestSweep> logger)
{
    public const string RecurringJobId = "gitjit-pending-requests";
    private const string LockName = "gitjit:pending-requests";

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Each repository and pull request is swept on its own; a failure is logged and tried again next sweep.")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var sweep = await locks.TryAcquireAsync(LockName, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        if (sweep is null)
        {
            JobsLogEvents.PendingSweepElsewhere(logger);
            return;
        }
        var known = (await repositories.AllAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(l => l.Repository, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        foreach (var location in known)
        {
            try
            {
                var client = await clients.ForInstallationAsync(location.Installation, cancellationToken).ConfigureAwait(false);
                var open = await client.PullRequest.GetAllForRepository(location.Owner, location.Name,
                    new PullRequestRequest { State = ItemStateFilter.Open, SortProperty = PullRequestSort.Created, SortDirection = SortDirection.Ascending }).ConfigureAwait(false);
                foreach (var pullRequest in open)
                {
                    try
                    {
                        await SweepAsync(client, location, pullRequest, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not (OperationCanceledException or RateLimitExceededException or SecondaryRateLimitExceededException))
                    {
                        JobsLogEvents.PendingSweepFailed(logger, e, location.Repository, pullRequest.Number);
                    }
                }
            }
            catch (Exception e) when (e is not (OperationCanceledException or RateLimitExceededException or SecondaryRateLimitExceededException))
            {
                JobsLogEvents.PendingSweepFailed(logger, e, location.Repository, null);
            }
        }
    }

    private async Task SweepAsync(GitHubClient client, AuditLocation location, PullRequest listed, CancellationToken cancellationToken)
    {
        var (owner, name, repository) = (location.Owner, location.Name, location.Repository);
        if (await expiry.FindAsync(client, owner, name, listed, cancellationToken).ConfigureAwait(false) is not { } expired) return;
        await using var pullRequestLock = await locks.TryAcquireAsync(owner, name, listed.Number, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        if (pullRequestLock is null)
        {
            JobsLogEvents.PendingSweepSkippedLocked(logger, repository, listed.Number);
            return;
        }
        // Merged or closed since it was listed: nothing to close.
        if ((await client.PullRequest.Get(owner, name, listed.Number).ConfigureAwait(false)).State.Value != ItemState.Open) return;
        await expiry.CloseAsync(client, location.Installation, expired, cancellationToken).ConfigureAwait(false);
        JobsLogEvents.PendingRequestExpired(logger, repository, listed.Number, expired.RequestPath, expired.Age, expired.Limit, expired.PolicyPath ?? "the default");
    }
}
