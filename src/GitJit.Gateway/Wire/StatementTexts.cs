using System.Collections.Concurrent;
using GitJit.Gateway.Sql;

namespace GitJit.Gateway.Wire;

/// <summary>
/// Normalized texts by exact statement text, shared by every session of a server: most sessions send the same few
/// statements again and again. Bounded: when full it starts over, which costs one normalization per text.
/// </summary>
internal sealed class StatementTexts(StatementClassifier classifier, int capacity = 4096, int maxTextLength = 8192)
{
    private readonly ConcurrentDictionary<string, NormalizedQuery> entries = new(StringComparer.Ordinal);

    public ValueTask<NormalizedQuery> NormalizeAsync(string sql, CancellationToken cancellationToken) =>
        entries.TryGetValue(sql, out var cached) ? ValueTask.FromResult(cached) : NormalizeUncachedAsync(sql, cancellationToken);

    private async ValueTask<NormalizedQuery> NormalizeUncachedAsync(string sql, CancellationToken cancellationToken)
    {
        var normalized = await classifier.NormalizeAsync(sql, cancellationToken).ConfigureAwait(false);
        if (sql.Length <= maxTextLength)
        {
            if (entries.Count >= capacity) entries.Clear();
            entries[sql] = normalized;
        }
        return normalized;
    }
}
