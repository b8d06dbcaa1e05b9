namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request file reads as a request: safe YAML (<c>yaml.*</c>), valid against the request schema (<c>schema.*</c>),
/// with fields GitJit can use even where a loosened schema let them through. The findings are the reader's
/// (<see cref="Documents.RequestDocument"/>); the rules after this one report nothing for a file that did not read.
/// </summary>
internal sealed class RequestDocumentRule : IRequestRule
{
    public IReadOnlyList<string> Codes { get; } =
        ["yaml.*", "schema.*", "request.missing-field", "request.wrong-type", "request.invalid-duration", "request.invalid-start", "request.invalid-name"];

    public IEnumerable<Finding> Check(RequestContext request) => request.Document.Findings;
}
