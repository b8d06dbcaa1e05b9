using GitJit.Core.CodeOwners;
using GitJit.Core.Documents;
using GitJit.Core.Model;

namespace GitJit.Core.Decisions;

/// <summary>
/// Everything the static rules learned about one request file: the parsed request, its base-branch policy and role,
/// the effective guardrails, the file's code owners, and every finding (of the request and, when broken, its policy).
/// </summary>
public sealed record RequestEvaluation(
    RequestDocument Document,
    PolicyDocument? Policy,
    PolicyRole? Role,
    Guardrails? Effective,
    IReadOnlyList<Owner> Owners,
    IReadOnlyList<Finding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);
}
