using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.GitHub;

namespace GitJit.Server.Grants;

/// <summary>
/// The audit trail in each access repository's git history, pushed with the App installation's token. Records that
/// arrive for one repository while a push is under way are gathered and go out together on the next push — still
/// one commit per record — so a thousand revocations in the same minute take a few dozen pushes, not a thousand.
/// </summary>
public sealed class GitAuditTrail(GitAuditLog log, GitHubAppClients clients) : IAuditTrail
{
    private readonly Dictionary<(string CloneUrl, string Branch), Batch> batches = [];
    private static readonly TimeSpan PushTimeout = TimeSpan.FromMinutes(2);
    private readonly Lock gate = new();
    private long pushes;

    /// <summary>Pushes made so far (each carries one or more records, one commit each).</summary>
    public long Pushes => Interlocked.Read(ref pushes);

    public Task<bool> AppendAsync(AuditLocation location, AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(record);
        var waiting = new Pending(record, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (gate)
        {
            var key = (location.CloneUrl, location.Branch);
            if (!batches.TryGetValue(key, out var batch)) batches[key] = batch = new Batch(location);
            batch.Queue.Add(waiting);
            if (!batch.Draining)
            {
                batch.Draining = true;
                _ = Task.Run(() => DrainAsync(batch), CancellationToken.None);
            }
        }
        return waiting.Written.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var snapshot = await log.ReadAsync(await RemoteAsync(location, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return OfThisRepository(location, snapshot.Records);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditLocation location, int pullRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var snapshot = await log.ReadAsync(await RemoteAsync(location, cancellationToken).ConfigureAwait(false), pullRequest, cancellationToken).ConfigureAwait(false);
        return OfThisRepository(location, snapshot.Records);
    }

    /// <summary>
    /// Only records whose grant id names this repository and the pull request of their path: a record copied from
    /// another repository, or one naming another pull request, never speaks for a grant here. (Records whose content
    /// disagrees with their path are already left out by the reader.)
    /// </summary>
    private static List<AuditRecord> OfThisRepository(AuditLocation location, IReadOnlyList<AuditRecord> records) =>
        [.. records.Where(r => r.PullRequest is { } number && string.Equals(r.Request, Grant.IdFor(location.Repository, number), StringComparison.OrdinalIgnoreCase))];

    private async Task DrainAsync(Batch batch)
    {
        while (true)
        {
            List<Pending> taken;
            lock (gate)
            {
                if (batch.Queue.Count == 0)
                {
                    batch.Draining = false;
                    return;
                }
                taken = [.. batch.Queue];
                batch.Queue.Clear();
            }
            try
            {
                // A hung fetch or push must not hold every later record of this repository: give up, and let the jobs retry.
                using var timeout = new CancellationTokenSource(PushTimeout);
                var remote = await RemoteAsync(batch.Location, timeout.Token).ConfigureAwait(false);
                var appends = await log.AppendAsync(remote, [.. taken.Select(p => p.Record)], timeout.Token).ConfigureAwait(false);
                if (appends.Any(a => a.Status == AuditAppendStatus.Committed)) Interlocked.Increment(ref pushes);
                for (var i = 0; i < taken.Count; i++) taken[i].Written.TrySetResult(appends[i].Status == AuditAppendStatus.Committed);
            }
#pragma warning disable CA1031 // Every waiting caller gets the failure (their jobs retry); the drainer goes on with what came later.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var pending in taken) pending.Written.TrySetException(e);
            }
        }
    }

    /// <summary>The remote with the installation's token (cached by the clients; unused for a path on disk).</summary>
    private async Task<AuditRemote> RemoteAsync(AuditLocation location, CancellationToken cancellationToken) =>
        new(location.CloneUrl, location.Branch, await clients.InstallationTokenAsync(location.Installation, cancellationToken).ConfigureAwait(false));

    private sealed record Pending(AuditRecord Record, TaskCompletionSource<bool> Written);

    private sealed class Batch(AuditLocation location)
    {
        public AuditLocation Location { get; } = location;

        public List<Pending> Queue { get; } = [];

        public bool Draining { get; set; }
    }
}
