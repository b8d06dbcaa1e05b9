namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// The request a pull request adds could be read at the pull request's commit. Never a refusal without its reason:
/// when the path is why it was not read, <see cref="RequestLocationRule"/> says so instead.
/// </summary>
internal sealed class RequestReadableRule : IPullRequestRule
{
    private const string Code = "pr.request-unreadable";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(PullRequestContext pullRequest)
    {
        if (pullRequest.UnreadRequest is not { } file || RequestLocation.Folder(file.Path, out _) is null) return [];
        return [Finding.Error(file.Path, SourcePosition.File, Code, "the request file could not be read at the pull request's commit")];
    }
}
