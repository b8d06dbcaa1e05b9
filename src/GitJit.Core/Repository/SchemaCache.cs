using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GitJit.Core.Schemas;

namespace GitJit.Core.Repository;

/// <summary>Schemas change rarely and are costly to build: keep the last few, keyed by path and content hash.</summary>
internal static class SchemaCache
{
    private const int Capacity = 16;
    private static readonly ConcurrentDictionary<string, Task<(AccessSchema? Schema, Finding? Problem)>> Loaded = new(StringComparer.Ordinal);

    public static Task<(AccessSchema? Schema, Finding? Problem)> LoadAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var key = path + ":" + Convert.ToHexString(SHA256.HashData(content.Span));
        if (Loaded.Count >= Capacity) Loaded.Clear();
        return Loaded.GetOrAdd(key, _ => AccessSchema.LoadAsync(path, Encoding.UTF8.GetString(content.Span), cancellationToken));
    }

    public static async Task<AccessSchema> BuiltInAsync(string path, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetBytes(AccessSchema.BuiltInText(path));
        var (schema, problem) = await LoadAsync(path, text, cancellationToken).ConfigureAwait(false);
        return schema ?? throw new InvalidOperationException($"GitJit's built-in schema {path} is broken: {problem?.Message}");
    }
}
