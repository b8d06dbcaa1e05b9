using System.Text;
using GitJit.Core.Repository;

namespace GitJit.Testing;

/// <summary>A hand-written fake of <see cref="IRepositorySnapshot"/>: files held in memory, symbolic links marked.</summary>
public sealed class InMemorySnapshot : IRepositorySnapshot
{
    private readonly SortedDictionary<string, (byte[] Content, bool IsSymbolicLink)> files = new(StringComparer.Ordinal);

    public InMemorySnapshot With(string path, string text) => With(path, Encoding.UTF8.GetBytes(text));

    public InMemorySnapshot With(string path, byte[] content)
    {
        files[path] = (content, false);
        return this;
    }

    public InMemorySnapshot WithSymbolicLink(string path, string target)
    {
        files[path] = (Encoding.UTF8.GetBytes(target), true);
        return this;
    }

    public InMemorySnapshot Without(string path)
    {
        files.Remove(path);
        return this;
    }

    /// <summary>A copy, so one test can change it without touching another's.</summary>
    public InMemorySnapshot Clone()
    {
        var copy = new InMemorySnapshot();
        foreach (var (path, file) in files) copy.files[path] = file;
        return copy;
    }

    /// <summary>A folder that is a symbolic link (added with <see cref="WithSymbolicLink"/>) lists as itself.</summary>
    public Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(files.TryGetValue(directory, out var link) && link.IsSymbolicLink
            ? [directory]
            : [.. files.Keys.Where(p => p.StartsWith(directory + "/", StringComparison.Ordinal))]);

    public Task<RepositoryFile?> ReadFileAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        if (!files.TryGetValue(path, out var file)) return Task.FromResult<RepositoryFile?>(null);
        var content = file.Content.AsMemory(0, Math.Min(file.Content.Length, maxBytes + 1));
        return Task.FromResult<RepositoryFile?>(new RepositoryFile(path, content, file.IsSymbolicLink));
    }
}
