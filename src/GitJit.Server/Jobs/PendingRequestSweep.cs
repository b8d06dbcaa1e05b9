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
/// (<see cref="AccessRepositories"/>) or the App is installed on (a repository with a <c>policies/</c> folder). One instance sweeps at a time; a pull request a job is working on (its lock is
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
    internal const string LockName = "gitjit:pending-requests";

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
        foreach (var location in await RepositoriesAsync(cancellationToken).ConfigureAwait(false))
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

    /// <summary>
    /// The access repositories to sweep: those GitJit has granted from, and every repository of the App's installations
    /// with a <c>policies/</c> folder on its default branch (so a new access repository is swept before its first grant).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "An installation that cannot be listed is logged; the others are still swept.")]
    private async Task<IReadOnlyList<AuditLocation>> RepositoriesAsync(CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, AuditLocation>(StringComparer.OrdinalIgnoreCase);
        foreach (var location in await repositories.AllAsync(cancellationToken).ConfigureAwait(false)) found.TryAdd(location.Repository, location);
        IReadOnlyList<Installation> installations;
        try
        {
            installations = await clients.ForApp().GitHubApps.GetAllInstallationsForCurrent().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or RateLimitExceededException or SecondaryRateLimitExceededException))
        {
            JobsLogEvents.PendingSweepInstallationsFailed(logger, e, null);
            return [.. found.Values];
        }
        foreach (var installation in installations)
        {
            try
            {
                var client = await clients.ForInstallationAsync(installation.Id, cancellationToken).ConfigureAwait(false);
                foreach (var repository in (await client.GitHubApps.Installation.GetAllRepositoriesForCurrent().ConfigureAwait(false)).Repositories)
                {
                    if (repository.Archived || found.ContainsKey(repository.FullName)) continue;
                    if (!await HasPoliciesAsync(client, repository.Owner.Login, repository.Name).ConfigureAwait(false)) continue;
                    found[repository.FullName] = new AuditLocation(installation.Id, repository.FullName, repository.CloneUrl, repository.DefaultBranch);
                }
            }
            catch (Exception e) when (e is not (OperationCanceledException or RateLimitExceededException or SecondaryRateLimitExceededException))
            {
                JobsLogEvents.PendingSweepInstallationsFailed(logger, e, installation.Id);
            }
        }
        return [.. found.Values];
    }

    private static async Task<bool> HasPoliciesAsync(GitHubClient client, string owner, string name)
    {
        try
        {
            return (await client.Repository.Content.GetAllContents(owner, name, Core.Repository.AccessRepository.PoliciesDirectory).ConfigureAwait(false)).Count > 0;
        }
        catch (NotFoundException)
        {
            return false;
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
