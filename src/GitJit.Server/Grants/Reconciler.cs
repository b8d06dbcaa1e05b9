using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.Server.Alerts;
using GitJit.Server.Jobs;
using Hangfire;

namespace GitJit.Server.Grants;

/// <summary>
/// At start-up and every minute, compares what the providers manage, what git records as active, and what Hangfire
/// has scheduled, and converges: access past its expiry is revoked (its revocation job was lost), access with no
/// active grant record is revoked as an orphan, active grants without a scheduled revocation get one, and grants
/// whose access is gone but whose revocation was never recorded get their record; a grant scheduled for a later start
/// whose merge job was lost gets one again (<see cref="RestartScheduled"/>). So nothing outlives its expiry by
/// more than one period, whatever crashed. A grant whose pull request's lock is held (a job is working on it) is left
/// for the next round, and logged. One instance reconciles at a time; the locks die with their holders, so a crashed
/// instance holds nothing up.
/// </summary>
public sealed class Reconciler(
    AccessProviders providers,
    IAuditTrail audit,
    AccessRepositories repositories,
    GrantingBranches branches,
    IInstalledRepositories installed,
    RevokeJob revoke,
    JobStorage storage,
    JobLocks locks,
    IBackgroundJobClient jobs,
    OverdueAlerts overdue,
    TimeProvider time,
    ILogger<Reconciler> logger)
{
    public const string RecurringJobId = "gitjit-reconcile";
    private const string LockName = "gitjit:reconciler";
    private const int Parallelism = 8;

    /// <summary>How long past its expiry access may still be there before it is told as overdue: its revocation job has had its turn.</summary>
    internal static readonly TimeSpan OverdueGrace = TimeSpan.FromSeconds(10);

    [Queue(JobQueues.Revocations)]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Each target and repository is reconciled on its own; a failure is logged and retried next minute.")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var round = await locks.TryAcquireAsync(LockName, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        if (round is null)
        {
            Log.ReconcilingElsewhere(logger);
            return;
        }
        // Revocation jobs first, then the access: a job that ends access in between is then either seen on its way or
        // its access seen gone, never neither (which would read as a lost job).
        // Merge jobs too, before the records: a scheduled grant's job either is seen here or has left its record.
        var pending = PendingJobs();
        var scheduled = ScheduledRevocations(pending);
        var failed = storage.GetMonitoringApi().FailedJobs(0, int.MaxValue).Select(j => j.Value.Job).ToList();
        var merging = MergeJobs([.. pending, .. failed]);
        var followingUp = FollowUps([.. pending, .. failed]);
        // One target or repository failing must not keep the others from converging: each is tried on its own.
        var managed = new List<ManagedAccess>();
        // Providers that could not say what they hold: their grants' access is not taken for gone.
        var unreachable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var provider in providers.All)
        {
            try
            {
                managed.AddRange(await provider.ListAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ReconcileFailed(logger, e, $"provider {provider.Name}");
                unreachable[provider.Name] = $"the {provider.Name} target could not be reached: {e.Message}";
            }
        }

        var known = (await repositories.AllAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(l => l.Repository, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var repository in managed.Select(m => Parse(m.GrantId).Repository).Union(known.Keys, StringComparer.OrdinalIgnoreCase).ToList())
        {
            try
            {
                if (!known.TryGetValue(repository, out var locations)) locations = await LocateAsync(repository, cancellationToken).ConfigureAwait(false);
                // A repository's records may sit on several branches (requests merged into each): read them all.
                var trails = new List<(AuditLocation Location, IReadOnlyList<AuditRecord> Records)>();
                foreach (var location in locations) trails.Add((location, await audit.ReadAsync(location, cancellationToken).ConfigureAwait(false)));
                var records = trails.SelectMany(t => t.Records).ToList();
                var here = managed.Where(m => string.Equals(Parse(m.GrantId).Repository, repository, StringComparison.OrdinalIgnoreCase)).ToList();
                // Several at a time: after an outage many may be due, and their records share pushes when they overlap.
                await Parallel.ForEachAsync(here, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (access, token) =>
                {
                    var pullRequest = Parse(access.GrantId).PullRequest;
                    var home = trails.FirstOrDefault(t => t.Records.Any(r => r.PullRequest == pullRequest)).Location ?? trails[0].Location;
                    try
                    {
                        await ConvergeAsync(home, access, records, scheduled, token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Log.ReconcileFailed(logger, e, $"grant {access.GrantId}");
                        // Its revocation job failed or was lost, and this attempt failed too.
                        if (Overdue(access.ExpiresAt)) overdue.Tell(access.GrantId, access.ExpiresAt, e.Message);
                    }
                }).ConfigureAwait(false);
                foreach (var (location, branchRecords) in trails) await RecordVanishedAsync(location, branchRecords, here, scheduled, unreachable, cancellationToken).ConfigureAwait(false);
                foreach (var (location, branchRecords) in trails)
                {
                    RestartScheduled(location, branchRecords, merging);
                    RestartFollowUps(location, branchRecords, followingUp);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ReconcileFailed(logger, e, $"repository {repository}");
            }
        }
    }

    private async Task ConvergeAsync(AuditLocation location, ManagedAccess access, IReadOnlyList<AuditRecord> records, HashSet<string> scheduled, CancellationToken cancellationToken)
    {
        var pullRequest = Parse(access.GrantId).PullRequest;
        if (Active(records.Where(r => r.PullRequest == pullRequest).ToList(), access, out var grantRecord))
        {
            bool missing;
            lock (scheduled) missing = scheduled.Add(access.GrantId);
            if (missing)
            {
                var order = RevocationOrder.AtExpiry(location, pullRequest, access).Of(grantRecord);
                RevocationSchedule.AtExpiry(jobs, order);
                Log.RevocationRescheduled(logger, access.GrantId, access.ExpiresAt);
            }
            return;
        }

        var ran = await WithPullRequestLockAsync(location, pullRequest, async () =>
        {
            // The snapshot above may be older than a merge job that has just recorded its grant: look again, under the lock.
            var mine = await audit.ReadAsync(location, pullRequest, cancellationToken).ConfigureAwait(false);
            if (Active(mine, access, out var granted)) return;
            // Access whose end is already recorded is removed again under the same reason, so no second record is made.
            var ending = mine.FirstOrDefault(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked);
            var reason = ending?.Reason ?? (granted is not null ? AuditReason.Expired : AuditReason.Orphan);
            await revoke.RevokeLockedAsync(RevocationOrder.For(location, pullRequest, access, reason, RevocationOrder.Bot).Of(granted), cancellationToken).ConfigureAwait(false);
            overdue.Ended(access.GrantId);
        }).ConfigureAwait(false);
        // A job may hold the lock a while (a revocation waits up to two minutes for it); past a minute after expiry it is told.
        if (!ran && time.GetUtcNow() - access.ExpiresAt > TimeSpan.FromMinutes(1))
        {
            overdue.Tell(access.GrantId, access.ExpiresAt, "a job has held its pull request's lock since before its expiry");
        }
    }

    private bool Overdue(DateTimeOffset expiresAt) => time.GetUtcNow() - expiresAt > OverdueGrace;

    /// <summary>Granted, not ended, not yet expired: the access is as it should be.</summary>
    private bool Active(IReadOnlyList<AuditRecord> mine, ManagedAccess access, out AuditRecord? granted)
    {
        granted = mine.FirstOrDefault(r => r.Event == AuditEvent.Granted);
        var ended = mine.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked);
        return granted is not null && !ended && access.ExpiresAt > time.GetUtcNow();
    }

    /// <summary>
    /// Granted, expired, not recorded as revoked, no longer in any target, and no revocation job on its way: the
    /// revocation happened, its record did not.
    /// </summary>
    private async Task RecordVanishedAsync(AuditLocation location, IReadOnlyList<AuditRecord> records, List<ManagedAccess> managed, HashSet<string> scheduled,
        Dictionary<string, string> unreachable, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ended = records.Where(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked).Select(r => r.PullRequest).ToHashSet();
        // A grant's expiry is its last extension's, when it had any.
        var expiries = records.Where(r => r.Event is AuditEvent.Granted or AuditEvent.Extended).GroupBy(r => r.Request, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => GrantExpiry.Of(g), StringComparer.Ordinal);
        foreach (var found in records.Where(r => r.Event == AuditEvent.Granted && r.ExpiresAt is not null && !ended.Contains(r.PullRequest)))
        {
            if (expiries[found.Request] is not { } expiresAt || expiresAt > now) continue;
            var granted = found with { ExpiresAt = expiresAt };
            if (managed.Any(m => m.GrantId == granted.Request)) continue;
            if (granted.Provider is { } provider && unreachable.TryGetValue(provider, out var why))
            {
                // Its target said nothing: the access may well be there still (its revocation job failing and retried),
                // and a record saying it ended would be false.
                if (Overdue(granted.ExpiresAt!.Value)) overdue.Tell(granted.Request, granted.ExpiresAt!.Value, why);
                continue;
            }
            if (scheduled.Contains(granted.Request)) continue;
            var gone = new ManagedAccess(granted.Request, granted.Provider ?? "", Connection: "", null, granted.Principal ?? "", granted.ExpiresAt!.Value);
            var pullRequest = granted.PullRequest!.Value;
            await WithPullRequestLockAsync(location, pullRequest, async () =>
            {
                if ((await audit.ReadAsync(location, pullRequest, cancellationToken).ConfigureAwait(false)).Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked)) return;
                await revoke.RevokeLockedAsync(RevocationOrder.For(location, pullRequest, gone, AuditReason.Expired, RevocationOrder.Bot).Of(granted), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="action"/> under the pull request's lock; skips it for this round, and says so, when a job holds the lock. Whether it ran.</summary>
    private async Task<bool> WithPullRequestLockAsync(AuditLocation location, int pullRequest, Func<Task> action)
    {
        await using var pullRequestLock = await locks.TryAcquireAsync(location.Owner, location.Name, pullRequest, TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
        if (pullRequestLock is null)
        {
            Log.ReconcileSkippedLocked(logger, location.Repository, pullRequest);
            return false;
        }
        await action().ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The jobs Hangfire has scheduled, queued, taken by a worker or running. Read in the order a job moves through these
    /// states, so one that moves on while they are read is seen in one of them, never missed (it was, when read out of
    /// order: a job taken between two readings looked lost and was scheduled again).
    /// </summary>
    private List<Hangfire.Common.Job> PendingJobs()
    {
        var monitoring = storage.GetMonitoringApi();
        var jobs = monitoring.ScheduledJobs(0, int.MaxValue).Select(j => j.Value.Job).ToList();
        var queues = monitoring.Queues().Select(q => q.Name).ToList();
        foreach (var queue in queues) jobs.AddRange(monitoring.EnqueuedJobs(queue, 0, int.MaxValue).Select(j => j.Value.Job));
        foreach (var queue in queues) jobs.AddRange(monitoring.FetchedJobs(queue, 0, int.MaxValue).Select(j => j.Value.Job));
        jobs.AddRange(monitoring.ProcessingJobs(0, int.MaxValue).Select(j => j.Value.Job));
        return jobs;
    }

    /// <summary>Grant ids whose revocation job is among <paramref name="pending"/>.</summary>
    private static HashSet<string> ScheduledRevocations(IEnumerable<Hangfire.Common.Job> pending) =>
        pending.Where(j => j?.Type == typeof(RevokeJob)).Select(j => j!.Args.OfType<RevocationOrder>().FirstOrDefault()?.GrantId)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Grants merged before their start, neither granted, refused nor cancelled, and with no merge job of their pull
    /// request in Hangfire (scheduled, queued, running, or failed for good, which people see in <c>/hangfire</c>): the job
    /// that was to grant them at the start was lost with the job storage. It is scheduled again at the start, or queued
    /// now when the start has passed; the job decides again and grants for the whole duration from then.
    /// </summary>
    private void RestartScheduled(AuditLocation location, IReadOnlyList<AuditRecord> records, HashSet<string> merging)
    {
        foreach (var story in records.Where(r => r.PullRequest is not null).GroupBy(r => r.PullRequest!.Value))
        {
            if (story.FirstOrDefault(r => r.Event == AuditEvent.Scheduled) is not { StartsAt: { } start } found
                || story.Any(r => r.Event is AuditEvent.Granted or AuditEvent.Refused or AuditEvent.Revoked or AuditEvent.OrphanRevoked)
                || !merging.Add(found.Request))
            {
                continue;
            }
            var (owner, name) = Split(location.Repository);
            var pullRequest = story.Key;
            if (start > time.GetUtcNow())
            {
                jobs.Schedule<MergeJob>(job => job.DecideAsync(location.Installation, owner, name, pullRequest, CancellationToken.None), RevocationSchedule.DueAt(start));
            }
            else
            {
                jobs.Enqueue<MergeJob>(job => job.DecideAsync(location.Installation, owner, name, pullRequest, CancellationToken.None));
            }
            Log.ScheduledGrantRestarted(logger, found.Request, start);
        }
    }

    /// <summary>
    /// Emergency grants whose follow-up has no verdict (no reviewed or unreviewed record) and no follow-up job in Hangfire
    /// (scheduled, queued, running, or failed for good): the job was lost with the job storage. It is scheduled again at
    /// the deadline, or queued now when that has passed; it decides from GitHub as ever.
    /// </summary>
    private void RestartFollowUps(AuditLocation location, IReadOnlyList<AuditRecord> records, HashSet<string> followingUp)
    {
        foreach (var story in records.Where(r => r.PullRequest is not null).GroupBy(r => r.PullRequest!.Value))
        {
            if (story.FirstOrDefault(r => r.Event == AuditEvent.Granted) is not { Emergency: true, FollowUpBy: { } deadline } granted
                || story.Any(r => r.Event is AuditEvent.Reviewed or AuditEvent.Unreviewed)
                || !followingUp.Add(granted.Request))
            {
                continue;
            }
            var followUp = new EmergencyFollowUp(location, story.Key, granted.Request, deadline);
            if (deadline > time.GetUtcNow()) jobs.Schedule<EmergencyFollowUpJob>(job => job.CheckAsync(followUp, CancellationToken.None), RevocationSchedule.DueAt(deadline));
            else jobs.Enqueue<EmergencyFollowUpJob>(job => job.CheckAsync(followUp, CancellationToken.None));
            Log.EmergencyFollowUpRestarted(logger, granted.Request, deadline);
        }
    }

    /// <summary>The grant ids of the emergency follow-up jobs among <paramref name="held"/>.</summary>
    private static HashSet<string> FollowUps(IEnumerable<Hangfire.Common.Job> held) =>
        held.Where(j => j?.Type == typeof(EmergencyFollowUpJob)).Select(j => j!.Args.OfType<EmergencyFollowUp>().FirstOrDefault()?.GrantId)
            .OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The grant ids (<c>owner/repo#pull</c>) of the merge jobs among <paramref name="held"/>.</summary>
    private static HashSet<string> MergeJobs(IEnumerable<Hangfire.Common.Job> held) =>
        held.Where(j => j?.Type == typeof(MergeJob) && j.Args.Count >= 4 && j.Args[1] is string && j.Args[2] is string && j.Args[3] is int)
            .Select(j => Grant.IdFor($"{j!.Args[1]}/{j.Args[2]}", (int)j.Args[3]!))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A repository GitJit has not seen since its last start: ask GitHub which installation holds it and where it lives;
    /// its records are on each of its granting branches.
    /// </summary>
    private async Task<List<AuditLocation>> LocateAsync(string repository, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var found = await installed.FindAsync(owner, name, cancellationToken).ConfigureAwait(false);
        var locations = new List<AuditLocation>();
        foreach (var branch in branches.Named.Count > 0 ? branches.Named : [found.DefaultBranch])
        {
            var location = new AuditLocation(found.Installation, repository, found.CloneUrl, branch);
            await repositories.RememberAsync(location, found.DefaultBranch, cancellationToken).ConfigureAwait(false);
            locations.Add(location);
        }
        return locations;
    }

    private static (string Repository, int PullRequest) Parse(string grantId)
    {
        var hash = grantId.LastIndexOf('#');
        return (grantId[..hash], int.Parse(grantId[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (string Owner, string Name) Split(string repository) => (repository.Split('/', 2)[0], repository.Split('/', 2)[1]);
}
