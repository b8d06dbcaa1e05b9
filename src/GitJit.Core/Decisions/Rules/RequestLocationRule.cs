namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request file sits at <c>access-requests/&lt;resource&gt;/&lt;name&gt;.yaml</c> with a plain file name
/// (<see cref="RequestLocation.Folder"/>). In a pull request it also names why an added request was not read, when
/// that is its path (a control or format character in its name, say).
/// </summary>
internal sealed class RequestLocationRule : IRequestRule, IPullRequestRule
{
    private const string Code = "request.location";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request) =>
        request.Folder is null ? [Finding.Error(request.Path, SourcePosition.File, Code, request.LocationProblem)] : [];

    public IEnumerable<Finding> Check(PullRequestContext pullRequest)
    {
        if (pullRequest.UnreadRequest is not { } file || RequestLocation.Folder(file.Path, out var problem) is not null) return [];
        return [Finding.Error(file.Path, SourcePosition.File, Code, problem)];
    }
}
