using System.Collections.Concurrent;
using GitJit.Core.Audit;

namespace GitJit.Testing;

/// <summary>A hand-written fake of <see cref="IAuditTrail"/>: records by repository, branch and path, first write wins, as in git.</summary>
public sealed class InMemoryAuditTrail : IAuditTrail
{
    private readonly ConcurrentDictionary<(string Repository, string Branch, string Path), AuditRecord> records = new();

    public IReadOnlyList<AuditRecord> All => [.. records.Values.OrderBy(r => r.At)];

    /// <summary>Appends of records this matches fail, as when the remote cannot be reached.</summary>
    public Func<AuditRecord, bool>? Unreachable { get; set; }

    public Task<bool> AppendAsync(AuditLocation location, AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(record);
        if (Unreachable?.Invoke(record) == true) throw new IOException("the audit remote cannot be reached");
        return Task.FromResult(records.TryAdd((location.Repository, location.Branch, AuditPaths.For(record)), record));
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Task.FromResult<IReadOnlyList<AuditRecord>>([.. records.Where(r => r.Key.Repository == location.Repository && r.Key.Branch == location.Branch).Select(r => r.Value)]);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditLocation location, int pullRequest, CancellationToken cancellationToken) =>
        [.. (await ReadAsync(location, cancellationToken).ConfigureAwait(false)).Where(r => r.PullRequest == pullRequest)];
}
