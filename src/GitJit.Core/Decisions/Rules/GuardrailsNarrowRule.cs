namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request's guardrails only narrow its role's (<see cref="Model.GuardrailNarrowing"/>); one finding per widening,
/// at the guardrail that widens.
/// </summary>
internal sealed class GuardrailsNarrowRule : IRequestRule
{
    private const string Code = "request.guardrails-widen";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request) =>
        request.Widenings.Select(widening => Finding.Error(request.Path, request.Document.At("guardrails", widening.Field), Code,
            $"guardrails.{widening.Field}: {widening.Message}; a request may only narrow its role's guardrails"));
}
