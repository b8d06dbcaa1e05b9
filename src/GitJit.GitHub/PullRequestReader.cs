using GitJit.Core.Decisions;
using GitJit.Core.Yaml;
using Octokit;
using PullRequestCommit = GitJit.Core.Decisions.PullRequestCommit;
using Review = GitJit.Core.Decisions.Review;

namespace GitJit.GitHub;

/// <summary>
/// Reads what the decider needs of a pull request: author, commits, every changed file (with the content of added
/// request files at the head commit), every review, and — when it has more than one commit — what each commit
/// changes. Pagination is Octokit's.
/// </summary>
public static class PullRequestReader
{
    public static Task<PullRequestContext> ReadAsync(IGitHubClient client, string owner, string repository, int number, CancellationToken cancellationToken) =>
        ReadAsync(client, owner, repository, number, contentAt: null, cancellationToken);

    /// <summary>Reads the pull request, taking the added request files from <paramref name="contentAt"/> (the merge commit) instead of the head.</summary>
    public static async Task<PullRequestContext> ReadAsync(IGitHubClient client, string owner, string repository, int number, string? contentAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pullRequest = await client.PullRequest.Get(owner, repository, number).ConfigureAwait(false);
        var head = new GitHubRepositorySnapshot(client, owner, repository, contentAt ?? pullRequest.Head.Sha);

        var files = new List<ChangedFile>();
        foreach (var file in await client.PullRequest.Files(owner, repository, number).ConfigureAwait(false))
        {
            var kind = Kind(file.Status);
            if (kind == ChangeKind.Added && RequestLocation.IsUnderRequests(file.FileName))
            {
                var content = await head.ReadFileAsync(file.FileName, YamlLimits.Default.MaxBytes, cancellationToken).ConfigureAwait(false);
                files.Add(new ChangedFile(file.FileName, kind, content?.Content, file.PreviousFileName, content?.IsSymbolicLink ?? false));
            }
            else
            {
                files.Add(new ChangedFile(file.FileName, kind, null, file.PreviousFileName));
            }
        }

        var reviews = (await client.PullRequest.Review.GetAll(owner, repository, number).ConfigureAwait(false))
            .Where(r => r.User is not null && r.SubmittedAt != default)
            .Select(r => new Review(r.Id, r.User.Login, State(r.State.StringValue), r.CommitId, r.SubmittedAt, r.User.Id))
            .ToList();

        var facts = new PullRequestFacts(pullRequest.User.Login, pullRequest.Head.Sha, files, reviews, pullRequest.User.Id,
            pullRequest.Commits > 1 ? await CommitsAsync(client, owner, repository, number, cancellationToken).ConfigureAwait(false) : null);
        var mergeCommit = pullRequest.Merged ? pullRequest.MergeCommitSha : null;
        return new PullRequestContext(owner, repository, number, pullRequest.Base.Sha, pullRequest.Head.Sha, pullRequest.HtmlUrl, mergeCommit, facts,
            pullRequest.Base.Ref, pullRequest.Base.Repository.DefaultBranch, pullRequest.Commits)
        {
            IsOpen = pullRequest.State.Value == ItemState.Open,
            CloneUrl = pullRequest.Base.Repository.CloneUrl,
        };
    }

    /// <summary>Each commit of the pull request (GitHub lists at most 250) with the paths it changes against its first parent.</summary>
    private static async Task<IReadOnlyList<PullRequestCommit>> CommitsAsync(IGitHubClient client, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        var commits = new List<PullRequestCommit>();
        foreach (var listed in await client.PullRequest.Commits(owner, repository, number).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var commit = await client.Repository.Commit.Get(owner, repository, listed.Sha).ConfigureAwait(false);
            var paths = (commit.Files ?? []).SelectMany(f => f.PreviousFileName is { } previous ? [previous, f.Filename] : new[] { f.Filename }).Distinct(StringComparer.Ordinal).ToList();
            commits.Add(new PullRequestCommit(commit.Sha, paths));
        }
        return commits;
    }

    private static ChangeKind Kind(string status) => status switch
    {
        "added" => ChangeKind.Added,
        "removed" => ChangeKind.Removed,
        "renamed" => ChangeKind.Renamed,
        "copied" => ChangeKind.Copied,
        "unchanged" => ChangeKind.Unchanged,
        "changed" => ChangeKind.Changed,
        _ => ChangeKind.Modified,
    };

    private static ReviewState State(string state) => state.ToUpperInvariant() switch
    {
        "APPROVED" => ReviewState.Approved,
        "CHANGES_REQUESTED" => ReviewState.ChangesRequested,
        "DISMISSED" => ReviewState.Dismissed,
        "PENDING" => ReviewState.Pending,
        _ => ReviewState.Commented,
    };
}
