using System.Collections.Concurrent;
using GitJit.Core.Repository;

namespace GitJit.Cli;

/// <summary>
/// An access repository as a folder on disk. Symbolic links are reported, never followed; paths that would leave
/// the folder are refused.
/// </summary>
public sealed class DirectorySnapshot(string root) : IRepositorySnapshot
{
    /// <summary>Files a listing found to be regular files: reading them needs no second look at the link.</summary>
    private readonly ConcurrentDictionary<string, bool> regularFiles = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    public Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var start = new DirectoryInfo(Path.Combine(Root, directory));
        if (RepositoryPath.IsSafe(directory) && start.Exists && start.LinkTarget is null)
        {
            Walk(start, directory, files, regularFiles, cancellationToken);
        }
        files.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(files);
    }

    public Task<RepositoryFile?> ReadFileAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        if (!RepositoryPath.IsSafe(path)) return Task.FromResult<RepositoryFile?>(null);
        var full = Path.Combine(Root, path);
        if (!regularFiles.ContainsKey(path))
        {
            var file = new FileInfo(full);
            if (file.LinkTarget is not null) return Task.FromResult<RepositoryFile?>(new RepositoryFile(path, ReadOnlyMemory<byte>.Empty, IsSymbolicLink: true));
            if (!file.Exists) return Task.FromResult<RepositoryFile?>(null);
        }

        // Small files, read whole and at once: a plain synchronous read beats an async stream here.
        using var handle = File.OpenHandle(full);
        var buffer = new byte[(int)Math.Min(RandomAccess.GetLength(handle), (long)maxBytes + 1)];
        var read = 0;
        while (read < buffer.Length)
        {
            var count = RandomAccess.Read(handle, buffer.AsSpan(read), read);
            if (count == 0) break;
            read += count;
        }
        return Task.FromResult<RepositoryFile?>(new RepositoryFile(path, buffer.AsMemory(0, read), IsSymbolicLink: false));
    }

    private static void Walk(DirectoryInfo directory, string relative, List<string> files, ConcurrentDictionary<string, bool> regularFiles, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            var path = relative + "/" + entry.Name;
            // A symbolic link shows as a reparse point straight from the directory listing.
            var isLink = entry.Attributes.HasFlag(FileAttributes.ReparsePoint);
            if (entry is DirectoryInfo child && !isLink)
            {
                Walk(child, path, files, regularFiles, cancellationToken);
            }
            else
            {
                files.Add(path);
                if (entry is FileInfo && !isLink) regularFiles[path] = true;
            }
        }
    }
}
