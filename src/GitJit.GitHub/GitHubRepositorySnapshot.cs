using GitJit.Core.Repository;
using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// An access repository at one commit, read through GitHub's contents API: only the files a decision needs are
/// fetched. Symbolic links are reported, never followed (GitHub resolves a link to a file in the repository; the
/// answer then names another path, which is how it is recognised).
/// </summary>
public sealed class GitHubRepositorySnapshot(IGitHubClient client, string owner, string repository, string sha) : IRepositorySnapshot
{
    public string Sha => sha;

    public async Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var pending = new Stack<string>([directory]);
        while (pending.TryPop(out var path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in await ContentsAsync(path).ConfigureAwait(false) ?? [])
            {
                if (entry.Type.StringValue == "dir") pending.Push(entry.Path);
                else files.Add(entry.Path);
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public async Task<RepositoryFile?> ReadFileAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        if (!RepositoryPath.IsSafe(path)) return null;
        var contents = await ContentsAsync(path).ConfigureAwait(false);
        if (contents is not [var file]) return null;

        // GitHub answers a symbolic link to a file in the repository with the target's content and path.
        if (file.Path != path) return new RepositoryFile(path, ReadOnlyMemory<byte>.Empty, IsSymbolicLink: true);
        switch (file.Type.StringValue)
        {
            case "symlink":
                return new RepositoryFile(path, ReadOnlyMemory<byte>.Empty, IsSymbolicLink: true);
            case "file":
                var bytes = Convert.FromBase64String(file.EncodedContent ?? "");
                return new RepositoryFile(path, bytes.AsMemory(0, Math.Min(bytes.Length, maxBytes + 1)), IsSymbolicLink: false);
            default:
                return null;
        }
    }

    private async Task<IReadOnlyList<RepositoryContent>?> ContentsAsync(string path)
    {
        try
        {
            return await client.Repository.Content.GetAllContentsByRef(owner, repository, path, sha).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
