using GitJit.Core.Repository;

namespace GitJit.Cli.Requesting;

/// <summary>A repository snapshot with one more file, not yet written anywhere: what the repository would be with it.</summary>
public sealed class SnapshotWithFile(IRepositorySnapshot inner, string addedPath, byte[] content) : IRepositorySnapshot
{
    public async Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var files = await inner.ListFilesAsync(directory, cancellationToken).ConfigureAwait(false);
        if (!addedPath.StartsWith(directory + "/", StringComparison.Ordinal) || files.Contains(addedPath, StringComparer.Ordinal)) return files;
        var listed = new List<string>(files) { addedPath };
        listed.Sort(StringComparer.Ordinal);
        return listed;
    }

    public Task<RepositoryFile?> ReadFileAsync(string path, int maxBytes, CancellationToken cancellationToken) =>
        string.Equals(path, addedPath, StringComparison.Ordinal)
            ? Task.FromResult<RepositoryFile?>(new RepositoryFile(addedPath, content.AsMemory(0, Math.Min(content.Length, maxBytes + 1)), IsSymbolicLink: false))
            : inner.ReadFileAsync(path, maxBytes, cancellationToken);
}
