using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.GitHub;
using Hangfire;
using Hangfire.Storage;

namespace GitJit.Server.Grants;

/// <summary>
/// At start-up and every minute, compares what the providers manage, what git records as active, and what Hangfire
/// has scheduled, and converges: access past its expiry is revoked (its revocation job was lost), access with no
/// active grant record is revoked as an orphan, active grants without a scheduled revocation get one, and grants
/// whose access is gone but whose revocation was never recorded get their record. So nothing outlives its expiry by
/// more than one period, whatever crashed. A grant whose merge job is running (its pull-request lock is held) is left
/// for the next round.
/// </summary>
public sealed class Reconciler(
    AccessProviders providers,
    IAuditTrail audit,
    AccessRepositories repositories,
    GitHubAppClients clients,
    RevokeJob revoke,
    JobStorage storage,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<Reconciler> logger)
{
    public const string RecurringJobId = "gitjit-reconcile";

    [DisableConcurrentExecution(timeoutInSeconds: 5)]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var managed = new List<ManagedAccess>();
        foreach (var provider in providers.All) managed.AddRange(await provider.ListAsync(cancellationToken).ConfigureAwait(false));

        var locations = (await repositories.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Repository, StringComparer.OrdinalIgnoreCase);
        foreach (var repository in managed.Select(m => Parse(m.GrantId).Repository).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!locations.ContainsKey(repository)) locations[repository] = await LocateAsync(repository, cancellationToken).ConfigureAwait(false);
        }

        var scheduled = ScheduledRevocations();
        foreach (var location in locations.Values)
        {
            var records = await audit.ReadAsync(location, cancellationToken).ConfigureAwait(false);
            var here = managed.Where(m => string.Equals(Parse(m.GrantId).Repository, location.Repository, StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var access in here) await ConvergeAsync(location, access, records, scheduled, cancellationToken).ConfigureAwait(false);
            await RecordVanishedAsync(location, records, here, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConvergeAsync(AuditLocation location, ManagedAccess access, IReadOnlyList<AuditRecord> records, HashSet<string> scheduled, CancellationToken cancellationToken)
    {
        var pullRequest = Parse(access.GrantId).PullRequest;
        var mine = records.Where(r => r.PullRequest == pullRequest).ToList();
        var grantRecord = mine.FirstOrDefault(r => r.Event == AuditEvent.Granted);
        var granted = grantRecord is not null;
        var ending = mine.FirstOrDefault(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked);
        var ended = ending is not null;
        var now = time.GetUtcNow();
        if (granted && !ended && access.ExpiresAt > now)
        {
            if (scheduled.Add(access.GrantId))
            {
                var order = RevocationOrder.AtExpiry(location, pullRequest, access).Of(grantRecord);
                jobs.Schedule<RevokeJob>(job => job.RevokeAsync(order, CancellationToken.None), RevokeJob.DueAt(access.ExpiresAt));
                Log.RevocationRescheduled(logger, access.GrantId, access.ExpiresAt);
            }
            return;
        }

        var (owner, name) = Split(location.Repository);
        using var connection = storage.GetConnection();
        IDisposable pullRequestLock;
        try
        {
            pullRequestLock = connection.AcquireDistributedLock(PullRequestJob.LockName(owner, name, pullRequest), TimeSpan.FromSeconds(1));
        }
        catch (DistributedLockTimeoutException)
        {
            return;
        }
        using (pullRequestLock)
        {
            // Access whose end is already recorded is removed again under the same reason, so no second record is made.
            var reason = ending?.Reason ?? (granted ? AuditReason.Expired : AuditReason.Orphan);
            await revoke.RevokeAsync(RevocationOrder.For(location, pullRequest, access, reason, RevocationOrder.Bot).Of(grantRecord), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Granted, expired, not recorded as revoked, and no longer in any target: the revocation happened, its record did not.</summary>
    private async Task RecordVanishedAsync(AuditLocation location, IReadOnlyList<AuditRecord> records, List<ManagedAccess> managed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ended = records.Where(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked).Select(r => r.PullRequest).ToHashSet();
        foreach (var granted in records.Where(r => r.Event == AuditEvent.Granted && r.ExpiresAt <= now && !ended.Contains(r.PullRequest)))
        {
            if (managed.Any(m => m.GrantId == granted.Request)) continue;
            var gone = new ManagedAccess(granted.Request, granted.Provider ?? "", Connection: "", null, granted.Principal ?? "", granted.ExpiresAt!.Value);
            await revoke.RevokeAsync(RevocationOrder.For(location, granted.PullRequest!.Value, gone, AuditReason.Expired, RevocationOrder.Bot).Of(granted), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Grant ids whose revocation job is scheduled, queued or running.</summary>
    private HashSet<string> ScheduledRevocations()
    {
        var monitoring = storage.GetMonitoringApi();
        var jobs = monitoring.ScheduledJobs(0, int.MaxValue).Select(j => j.Value.Job)
            .Concat(monitoring.ProcessingJobs(0, int.MaxValue).Select(j => j.Value.Job));
        foreach (var queue in monitoring.Queues()) jobs = jobs.Concat(monitoring.EnqueuedJobs(queue.Name, 0, int.MaxValue).Select(j => j.Value.Job));
        return jobs.Where(j => j?.Type == typeof(RevokeJob)).Select(j => j!.Args.OfType<RevocationOrder>().FirstOrDefault()?.GrantId)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A repository GitJit has not seen since its last start: ask GitHub which installation holds it and where it lives.</summary>
    private async Task<AuditLocation> LocateAsync(string repository, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var installation = await clients.InstallationForAsync(owner, name).ConfigureAwait(false);
        var client = await clients.ForInstallationAsync(installation, cancellationToken).ConfigureAwait(false);
        var found = await client.Repository.Get(owner, name).ConfigureAwait(false);
        var location = new AuditLocation(installation, repository, found.CloneUrl, found.DefaultBranch);
        await repositories.RememberAsync(location, cancellationToken).ConfigureAwait(false);
        return location;
    }

    private static (string Repository, int PullRequest) Parse(string grantId)
    {
        var hash = grantId.LastIndexOf('#');
        return (grantId[..hash], int.Parse(grantId[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (string Owner, string Name) Split(string repository) => (repository.Split('/', 2)[0], repository.Split('/', 2)[1]);
}
