namespace GitJit.Core.Decisions.Rules;

/// <summary>A request's policy has no error: a policy with any error grants nothing until it is fixed.</summary>
internal sealed class ValidPolicyRule : IRequestRule
{
    private const string Code = "request.policy-invalid";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: not null, Policy: { Policy: null } policy }) return [];
        var errors = policy.Findings.Count(f => f.Severity == Severity.Error);
        return [Finding.Error(request.Path, request.Document.At("resource"), Code,
            $"the policy {policy.Path} has {errors} error(s), so it grants nothing until it is fixed")];
    }
}
