namespace GitJit.Core.Repository;

/// <summary>
/// The files of an access repository at one commit (or a working tree). Core reads through this port only;
/// adapters read from disk, a git object database or the GitHub contents API.
/// </summary>
public interface IRepositorySnapshot
{
    /// <summary>
    /// Repository-relative paths (separated by <c>/</c>) of every file below <paramref name="directory"/>, recursively,
    /// symbolic links included (a link to a folder is one entry, never followed); empty when the directory does not
    /// exist, and just <paramref name="directory"/> itself when it is a symbolic link.
    /// </summary>
    Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a file; null when there is none. At most <paramref name="maxBytes"/> + 1 bytes are returned, so a
    /// caller can tell a file is too large without holding all of it.
    /// </summary>
    Task<RepositoryFile?> ReadFileAsync(string path, int maxBytes, CancellationToken cancellationToken);
}

/// <summary>A file's content; <see cref="IsSymbolicLink"/> files are never followed or trusted.</summary>
public sealed record RepositoryFile(string Path, ReadOnlyMemory<byte> Content, bool IsSymbolicLink);
