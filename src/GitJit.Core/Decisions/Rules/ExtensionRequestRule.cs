namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// An extension request (<c>extends</c>) only moves a grant's end: the grant keeps the guardrails it was approved
/// with, so an extension that names guardrails would show reviewers something it cannot change.
/// </summary>
internal sealed class ExtensionRequestRule : IRequestRule
{
    private const string Code = "request.extension-guardrails";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: { Extends: { } pull } read } || read.Guardrails == Model.Guardrails.None) return [];
        return [Finding.Error(request.Path, request.Document.At("guardrails"), Code,
            $"an extension of #{pull} keeps the guardrails its grant was approved with; remove guardrails from this request")];
    }
}
