using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// Finds the commit a pull request was merged onto — the base branch as it was just before the merge — whatever
/// merge method was used: a merge commit's first parent; a squash commit's parent; for "rebase and merge", the commit
/// before the replayed ones, walking first parents back at most as many commits as the pull request has. A candidate is
/// accepted only when it and the merged commit differ by exactly the one added request file, so its rules are the
/// merged commit's own and none of the pull request's intermediate commits (which a rebase merge puts on the branch)
/// can be taken for the base.
/// </summary>
public static class MergeBase
{
    /// <summary>The most commits walked back for a rebase merge (GitHub lists at most 250 commits of a pull request).</summary>
    public const int MaxCommits = 250;

    /// <returns>The base commit's sha, or null when no commit within reach differs from the merge by only <paramref name="requestPath"/>.</returns>
    public static async Task<string?> FindAsync(IGitHubClient client, string owner, string repository, string mergeSha, int pullRequestCommits, string requestPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var commit = await client.Repository.Commit.Get(owner, repository, mergeSha).ConfigureAwait(false);
        var steps = commit.Parents.Count > 1 ? 1 : Math.Clamp(pullRequestCommits, 1, MaxCommits);
        for (var step = 1; commit.Parents.Count > 0; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parent = commit.Parents[0].Sha;
            var compare = await client.Repository.Commit.Compare(owner, repository, parent, mergeSha).ConfigureAwait(false);
            if (compare.BehindBy == 0 && compare.Files is [{ Status: "added" } only] && string.Equals(only.Filename, requestPath, StringComparison.Ordinal)) return parent;
            if (step == steps) break;
            commit = await client.Repository.Commit.Get(owner, repository, parent).ConfigureAwait(false);
        }
        return null;
    }
}
