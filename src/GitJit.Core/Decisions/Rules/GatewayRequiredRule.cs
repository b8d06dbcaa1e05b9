using GitJit.Core.Documents;
using GitJit.Core.Model;

namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// No placebo: a request that adds a statement-level guardrail (<c>blockedStatements</c>, <c>requireWhere</c>) and
/// says <c>gateway: false</c> asks for a guardrail nothing would enforce. A role's own are checked with its policy
/// (<c>policy.gateway-required</c>); turning off a gateway the role requires is a widening, reported as that alone.
/// </summary>
internal sealed class GatewayRequiredRule : IRequestRule
{
    private const string Code = "request.gateway-required";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request.Request is not { } read || GuardrailEnforcement.Unenforced(read.Guardrails) is not { Count: > 0 } unenforced) return [];
        if (request.Role?.Guardrails.RequiresGateway == true) return []; // the widening says it
        return [Finding.Error(request.Path, request.Document.At("guardrails", "gateway"), Code, "guardrails: " + PolicyDocument.GatewayRequired(unenforced))];
    }
}
