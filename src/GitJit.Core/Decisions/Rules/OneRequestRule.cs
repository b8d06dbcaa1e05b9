namespace GitJit.Core.Decisions.Rules;

/// <summary>A pull request adds exactly one request file; each added file after the first is a finding.</summary>
internal sealed class OneRequestRule : IPullRequestRule
{
    private const string Code = "pr.several-requests";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(PullRequestContext pullRequest) =>
        pullRequest.Added.Skip(1).Select(extra => Finding.Error(extra.Path, SourcePosition.File, Code,
            $"an access pull request adds exactly one request file; this one adds {pullRequest.Added.Count}: split them into separate pull requests"));
}
