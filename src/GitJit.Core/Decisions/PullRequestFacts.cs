namespace GitJit.Core.Decisions;

/// <summary>How a pull request changed a file, as GitHub's "list pull request files" reports it.</summary>
public enum ChangeKind
{
    Added,
    Modified,
    Removed,
    Renamed,
    Copied,
    Changed,
    Unchanged,
}

/// <summary>
/// A file the pull request touches. <see cref="Content"/> is the file at the head commit (null when removed);
/// a symbolic link is never read as a request.
/// </summary>
public sealed record ChangedFile(string Path, ChangeKind Kind, ReadOnlyMemory<byte>? Content, string? PreviousPath = null, bool IsSymbolicLink = false);

/// <summary>The state of a review as GitHub reports it.</summary>
public enum ReviewState
{
    Approved,
    ChangesRequested,
    Commented,
    Dismissed,
    Pending,
}

/// <summary>
/// One review as GitHub reports it; <see cref="CommitId"/> is the head commit it was given on, <see cref="ReviewerId"/>
/// the reviewer's GitHub user id, when known.
/// </summary>
public sealed record Review(long Id, string Reviewer, ReviewState State, string CommitId, DateTimeOffset SubmittedAt, long? ReviewerId = null);

/// <summary>One commit of a pull request and the paths it changes against its first parent (old and new path of a rename).</summary>
public sealed record PullRequestCommit(string Sha, IReadOnlyList<string> Paths);

/// <summary>
/// What the bot knows of a pull request when it decides. The base branch's files are not here: they come from an
/// <see cref="Repository.AccessRepository"/> opened at the base commit, never from the pull request.
/// <see cref="AuthorId"/> is the author's GitHub user id (immutable, unlike the login), when known.
/// <see cref="Commits"/> are the pull request's commits, oldest first, when it has more than one (null otherwise, or
/// when not known, as offline).
/// </summary>
public sealed record PullRequestFacts(
    string Author,
    string HeadSha,
    IReadOnlyList<ChangedFile> Files,
    IReadOnlyList<Review> Reviews,
    long? AuthorId = null,
    IReadOnlyList<PullRequestCommit>? Commits = null)
{
    /// <summary>
    /// The login GitJit's own App acts as (<c>&lt;slug&gt;[bot]</c>), when known: the one author who may open a request
    /// for someone else, and only an extension request (<c>/gitjit extend</c> opens them for the requester). Null offline.
    /// </summary>
    public string? BotLogin { get; init; }

    /// <summary>Whether GitJit's own App opened the pull request.</summary>
    public bool ByBot => BotLogin is { } bot && string.Equals(Author, bot, StringComparison.OrdinalIgnoreCase);
}
