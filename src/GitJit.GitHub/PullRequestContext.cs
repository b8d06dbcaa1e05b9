using GitJit.Core.Decisions;

namespace GitJit.GitHub;

/// <summary>
/// Where a pull request is and what GitJit read of it: the facts the decider takes, its commits, the branch it targets
/// (<see cref="BaseRef"/>) and the repository's default branch, and how many commits it has.
/// </summary>
public sealed record PullRequestContext(
    string Owner,
    string Repository,
    int Number,
    string BaseSha,
    string HeadSha,
    string HtmlUrl,
    string? MergeCommitSha,
    PullRequestFacts Facts,
    string BaseRef,
    string DefaultBranch,
    int Commits)
{
    /// <summary>Whether the pull request is open (neither closed nor merged).</summary>
    public bool IsOpen { get; init; }

    /// <summary>The base repository's clone URL, where its records are written.</summary>
    public string? CloneUrl { get; init; }

    /// <summary>The first changed file under <c>access-requests/</c> (or moved from there); null when the pull request is not an access request.</summary>
    public ChangedFile? TouchedRequest =>
        Facts.Files.FirstOrDefault(f => RequestLocation.IsUnderRequests(f.Path) || f.PreviousPath is { } previous && RequestLocation.IsUnderRequests(previous));

    /// <summary>The one request file the pull request adds, when it adds exactly one (whatever else it changes).</summary>
    public string? AddedRequest =>
        Facts.Files.Where(f => f.Kind == ChangeKind.Added && RequestLocation.IsUnderRequests(f.Path)).ToList() is [var only] ? only.Path : null;
}
