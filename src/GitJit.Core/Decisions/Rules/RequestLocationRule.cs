namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request file sits at <c>access-requests/&lt;resource&gt;/&lt;name&gt;.yaml</c> with a plain file name
/// (<see cref="RequestLocation.Folder"/>).
/// </summary>
internal sealed class RequestLocationRule : IRequestRule
{
    private const string Code = "request.location";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request) =>
        request.Folder is null ? [Finding.Error(request.Path, SourcePosition.File, Code, request.LocationProblem)] : [];
}
