using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.GitHub;

namespace GitJit.Server.Grants;

/// <summary>
/// The audit trail in each access repository's git history, pushed with the App installation's token. A record is
/// first kept in the <see cref="AuditOutbox"/>, then pushed; when the push fails (the remote is unreachable, the token
/// refused) the caller hears so, and the record stays kept until a later push — the next append to that branch, or
/// <see cref="PushWaitingAsync"/>, which runs every few seconds — takes it to git, in the order records were kept.
/// Reads see git's records and those still waiting, so a retried job never takes a kept record for a missing one.
/// Records that arrive for one branch while a push is under way go out together on the next push — still one commit
/// per record — so a thousand revocations in the same minute take a few dozen pushes, not a thousand.
/// </summary>
public sealed class GitAuditTrail(GitAuditLog log, GitHubAppClients clients, AuditOutbox outbox) : IAuditTrail
{
    private readonly Dictionary<(string CloneUrl, string Branch), Drain> drains = [];
    private static readonly TimeSpan PushTimeout = TimeSpan.FromMinutes(2);
    private readonly Lock gate = new();
    private long pushes;

    /// <summary>Pushes made so far (each carries one or more records, one commit each).</summary>
    public long Pushes => Interlocked.Read(ref pushes);

    /// <summary>
    /// Keeps the record, then pushes it with whatever else waits for the branch: true when this push wrote it, false
    /// when git already had a record at its path. When the push fails the record stays kept (and the exception says why).
    /// </summary>
    public async Task<bool> AppendAsync(AuditLocation location, AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(record);
        // Refused before it is kept: a record that can never be pushed must not hold up those after it.
        if (!AuditJson.IsValidRequest(record.Request) || record.PullRequest is not > 0)
        {
            throw new ArgumentException($"The record of {record.Request} needs a valid request id and a pull request number.", nameof(record));
        }
        var path = AuditPaths.For(record);
        // A job retried while its record still waits keeps it once: the first of the two would win in git anyway.
        var waiting = await outbox.PendingAsync(location.CloneUrl, location.Branch, record.PullRequest, cancellationToken).ConfigureAwait(false);
        var id = waiting.FirstOrDefault(w => AuditPaths.For(w.Record) == path)?.Id
            ?? await outbox.AddAsync(location, record, cancellationToken).ConfigureAwait(false);
        var pushed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Request(location, id, pushed);
        return await pushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pushes what waits in the outbox for every branch whose oldest record was kept before <paramref name="keptBefore"/>
    /// (younger ones are most likely being pushed by their writer); what cannot be pushed yet is told and stays kept.
    /// </summary>
    public async Task<IReadOnlyList<AuditPushFailure>> PushWaitingAsync(DateTimeOffset keptBefore, CancellationToken cancellationToken)
    {
        var failures = new List<AuditPushFailure>();
        foreach (var backlog in await outbox.BacklogAsync(cancellationToken).ConfigureAwait(false))
        {
            if (backlog.Since >= keptBefore) continue;
            var pushed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Request(backlog.Location, null, pushed);
            try
            {
                await pushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(new AuditPushFailure(backlog, e));
            }
        }
        return failures;
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        // The outbox first: a record pushed between the two reads is then seen in git (and once).
        var waiting = await outbox.PendingAsync(location.CloneUrl, location.Branch, null, cancellationToken).ConfigureAwait(false);
        var snapshot = await log.ReadAsync(await RemoteAsync(location, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return OfThisRepository(location, WithWaiting(snapshot.Records, waiting));
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditLocation location, int pullRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var waiting = await outbox.PendingAsync(location.CloneUrl, location.Branch, pullRequest, cancellationToken).ConfigureAwait(false);
        var snapshot = await log.ReadAsync(await RemoteAsync(location, cancellationToken).ConfigureAwait(false), pullRequest, cancellationToken).ConfigureAwait(false);
        return OfThisRepository(location, WithWaiting(snapshot.Records, waiting));
    }

    /// <summary>
    /// Only records whose grant id names this repository and the pull request of their path: a record copied from
    /// another repository, or one naming another pull request, never speaks for a grant here. (Records whose content
    /// disagrees with their path are already left out by the reader.)
    /// </summary>
    private static List<AuditRecord> OfThisRepository(AuditLocation location, IReadOnlyList<AuditRecord> records) =>
        [.. records.Where(r => r.PullRequest is { } number && string.Equals(r.Request, Grant.IdFor(location.Repository, number), StringComparison.OrdinalIgnoreCase))];

    /// <summary>Git's records, then those still waiting whose path git does not hold yet (a file there wins, as it will in git).</summary>
    private static IReadOnlyList<AuditRecord> WithWaiting(IReadOnlyList<AuditRecord> records, IReadOnlyList<AuditOutboxEntry> waiting)
    {
        if (waiting.Count == 0) return records;
        var paths = records.Select(AuditPaths.For).ToHashSet(StringComparer.Ordinal);
        return [.. records, .. waiting.Where(w => paths.Add(AuditPaths.For(w.Record))).Select(w => w.Record)];
    }

    /// <summary>Asks the branch's drain to push; <paramref name="id"/>'s outcome (or, for none, the push's) goes to <paramref name="pushed"/>.</summary>
    private void Request(AuditLocation location, long? id, TaskCompletionSource<bool> pushed)
    {
        lock (gate)
        {
            var key = (location.CloneUrl, location.Branch);
            if (!drains.TryGetValue(key, out var drain)) drains[key] = drain = new Drain(location);
            drain.Waiting.Add((id, pushed));
            if (!drain.Running)
            {
                drain.Running = true;
                _ = Task.Run(() => DrainAsync(drain), CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Pushes everything the outbox holds for the branch, oldest first, while anyone waits. A waiter's record is kept
    /// before it waits, so one the outbox no longer holds when read was pushed by another instance (or drain) already.
    /// </summary>
    private async Task DrainAsync(Drain drain)
    {
        while (true)
        {
            List<(long? Id, TaskCompletionSource<bool> Pushed)> taken;
            lock (gate)
            {
                if (drain.Waiting.Count == 0)
                {
                    drain.Running = false;
                    return;
                }
                taken = [.. drain.Waiting];
                drain.Waiting.Clear();
            }
            try
            {
                // A hung fetch or push must not hold every later record of this branch: give up, and let the jobs retry.
                using var timeout = new CancellationTokenSource(PushTimeout);
                var pending = await outbox.PendingAsync(drain.Location.CloneUrl, drain.Location.Branch, null, timeout.Token).ConfigureAwait(false);
                var outcomes = new Dictionary<long, bool>();
                if (pending.Count > 0)
                {
                    // The newest installation a record names: the one that pushes for the repository now.
                    var location = pending[^1].Location;
                    var appends = await log.AppendAsync(await RemoteAsync(location, timeout.Token).ConfigureAwait(false), [.. pending.Select(p => p.Record)], timeout.Token).ConfigureAwait(false);
                    if (appends.Any(a => a.Status == AuditAppendStatus.Committed)) Interlocked.Increment(ref pushes);
                    for (var i = 0; i < pending.Count; i++) outcomes[pending[i].Id] = appends[i].Status == AuditAppendStatus.Committed;
                    // In git now: forgotten even if the caller went away.
                    await outbox.RemoveAsync([.. pending.Select(p => p.Id)], CancellationToken.None).ConfigureAwait(false);
                }
                foreach (var (id, pushed) in taken) pushed.TrySetResult(id is not { } mine || outcomes.GetValueOrDefault(mine, true));
            }
#pragma warning disable CA1031 // Every waiting caller gets the failure (their jobs retry); the records stay kept for a later push.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var (_, pushed) in taken) pushed.TrySetException(e);
            }
        }
    }

    /// <summary>The remote with the installation's token (cached by the clients; unused for a path on disk).</summary>
    private async Task<AuditRemote> RemoteAsync(AuditLocation location, CancellationToken cancellationToken) =>
        new(location.CloneUrl, location.Branch, await clients.InstallationTokenAsync(location.Installation, cancellationToken).ConfigureAwait(false));

    private sealed class Drain(AuditLocation location)
    {
        public AuditLocation Location { get; } = location;

        public List<(long? Id, TaskCompletionSource<bool> Pushed)> Waiting { get; } = [];

        public bool Running { get; set; }
    }
}

/// <summary>The records waiting for <paramref name="Backlog"/>'s branch could not be pushed, because of <paramref name="Error"/>.</summary>
public sealed record AuditPushFailure(AuditOutboxBacklog Backlog, Exception Error);
