namespace GitJit.Core.Decisions.Rules;

/// <summary>The request a pull request adds is a regular file, never a symbolic link (which is never read).</summary>
internal sealed class RegularFileRule : IPullRequestRule
{
    private const string Code = "pr.symlink";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(PullRequestContext pullRequest) =>
        pullRequest.Request is { IsSymbolicLink: true } request
            ? [Finding.Error(request.Path, SourcePosition.File, Code, "a request must be a regular file, not a symbolic link")]
            : [];
}
