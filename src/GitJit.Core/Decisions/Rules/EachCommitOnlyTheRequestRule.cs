namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// Each commit of a pull request that adds one request changes only that file, not only their sum: "Rebase and merge"
/// puts every commit on the base branch, one by one. One finding per offending commit.
/// </summary>
internal sealed class EachCommitOnlyTheRequestRule : IPullRequestRule
{
    private const string Code = "pr.commit-changes-more";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(PullRequestContext pullRequest)
    {
        if (pullRequest is not { Request: { } request, Added.Count: 1 }) yield break;
        foreach (var commit in pullRequest.Facts.Commits ?? [])
        {
            var elsewhere = commit.Paths.Where(p => !string.Equals(p, request.Path, StringComparison.Ordinal)).ToList();
            if (elsewhere.Count == 0) continue;
            var names = string.Join(", ", elsewhere.Take(3).Select(p => Text.Quote(p, 80))) + (elsewhere.Count > 3 ? $" and {elsewhere.Count - 3} more" : "");
            yield return Finding.Error(request.Path, SourcePosition.File, Code,
                $"commit {commit.Sha[..Math.Min(7, commit.Sha.Length)]} also changes {names}; every commit of an access pull request changes only its request file: make it one commit");
        }
    }
}
