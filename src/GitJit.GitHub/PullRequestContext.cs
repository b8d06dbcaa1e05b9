using GitJit.Core.Decisions;

namespace GitJit.GitHub;

/// <summary>Where a pull request is and what GitJit read of it: the facts the decider takes, and its commits.</summary>
public sealed record PullRequestContext(
    string Owner,
    string Repository,
    int Number,
    string BaseSha,
    string HeadSha,
    string HtmlUrl,
    string? MergeCommitSha,
    PullRequestFacts Facts);
