using System.Reflection;
using GitJit.Core.Repository;

namespace GitJit.Fuzz;

/// <summary>
/// This repository's own rules (schemas, policies, CODEOWNERS) and one valid request, embedded in the fuzzer, as
/// an in-memory snapshot that a target can change one file of.
/// </summary>
internal sealed class RuleFiles : IRepositorySnapshot
{
    public const string ExampleRequest = "access-requests/orders-db/alice-stuck-orders.yaml";

    /// <summary>The moment every target decides at: fixed, so an input takes the same paths on every run.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, byte[]> files;

    private RuleFiles(Dictionary<string, byte[]> files) => this.files = files;

    public static RuleFiles Embedded { get; } = Load();

    public byte[] this[string path] => files[path];

    /// <summary>A copy with <paramref name="path"/> holding <paramref name="content"/>.</summary>
    public RuleFiles With(string path, byte[] content) => new(new(files, StringComparer.Ordinal) { [path] = content });

    public Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. files.Keys.Where(p => p.StartsWith(directory + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);

    public Task<RepositoryFile?> ReadFileAsync(string path, int maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(files.TryGetValue(path, out var content)
            ? new RepositoryFile(path, content.AsMemory(0, Math.Min(content.Length, maxBytes + 1)), IsSymbolicLink: false)
            : null);

    private static RuleFiles Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name] = copy.ToArray();
        }
        return new RuleFiles(files);
    }
}
