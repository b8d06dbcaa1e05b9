namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A pull request that touches <c>access-requests/</c> changes nothing outside it: not a policy, a schema or
/// CODEOWNERS beside its request. One finding, naming up to five of the other files.
/// </summary>
internal sealed class OnlyTheRequestRule : IPullRequestRule
{
    private const string Code = "pr.mixed-changes";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(PullRequestContext pullRequest)
    {
        var others = pullRequest.Others;
        if (others.Count == 0) return [];
        var names = string.Join(", ", others.Take(5).Select(f => Text.Quote(f.Path, 80))) + (others.Count > 5 ? $" and {others.Count - 5} more" : "");
        return [Finding.Error(pullRequest.Request?.Path ?? pullRequest.Touched[0].Path, SourcePosition.File, Code,
            $"an access pull request changes nothing but its one request file; it also changes {names}")];
    }
}
