namespace GitJit.Core.Decisions.Rules;

/// <summary>A request's <c>resource</c> is the folder it sits in: <c>access-requests/&lt;resource&gt;/</c>.</summary>
internal sealed class FolderMatchesResourceRule : IRequestRule
{
    private const string Code = "request.folder-mismatch";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: { } read, Folder: { } folder } || folder == read.Resource) return [];
        return [Finding.Error(request.Path, request.Document.At("resource"), Code,
            $"resource is {Text.Quote(read.Resource)} but the file sits in access-requests/{folder}/; move it to access-requests/{read.Resource}/")];
    }
}
