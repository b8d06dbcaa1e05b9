using System.Collections.Concurrent;
using GitJit.Core.Repository;

namespace GitJit.Cli;

/// <summary>
/// An access repository as a folder on disk. Symbolic links are reported, never followed — a link anywhere on a
/// path, file or folder, makes the path a link — so nothing outside the folder is ever listed or read; paths that
/// would leave the folder are refused.
/// </summary>
public sealed class DirectorySnapshot(string root) : IRepositorySnapshot
{
    /// <summary>Files a listing found to be regular files: reading them needs no second look at the link.</summary>
    private readonly ConcurrentDictionary<string, bool> regularFiles = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    public Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        if (RepositoryPath.IsSafe(directory))
        {
            switch (Locate(directory))
            {
                case (PathKind.Directory, var full):
                    Walk(new DirectoryInfo(full), directory, files, regularFiles, cancellationToken);
                    break;
                case (PathKind.SymbolicLink, _):
                    // A link to a folder is listed as itself, as a file-like entry, the way a link below it is.
                    files.Add(directory);
                    break;
            }
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
            switch (Locate(path))
            {
                case (PathKind.SymbolicLink, _):
                    return Task.FromResult<RepositoryFile?>(new RepositoryFile(path, ReadOnlyMemory<byte>.Empty, IsSymbolicLink: true));
                case (PathKind.File, var located):
                    full = located;
                    break;
                default:
                    return Task.FromResult<RepositoryFile?>(null);
            }
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

    /// <summary>
    /// What <paramref name="path"/> (safe: relative, no <c>..</c>) is, looking at each segment from the root down
    /// without following links. The first link met makes the whole path a link; with none, the path's real location
    /// is the returned one, under <see cref="Root"/>.
    /// </summary>
    private (PathKind Kind, string Full) Locate(string path)
    {
        var full = Root;
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            full = Path.Join(full, segments[i]);
            if (new FileInfo(full).LinkTarget is not null) return (PathKind.SymbolicLink, full);
            if (i < segments.Length - 1 && !Directory.Exists(full)) return (PathKind.Missing, full);
        }
        if (Directory.Exists(full)) return (PathKind.Directory, full);
        return File.Exists(full) ? (PathKind.File, full) : (PathKind.Missing, full);
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

    private enum PathKind
    {
        Missing,
        File,
        Directory,
        SymbolicLink,
    }
}
