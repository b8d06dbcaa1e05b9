using GitJit.Core.CodeOwners;

namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// CODEOWNERS gives a request file at least one owner who could approve it: a user or team (GitJit cannot match an
/// e-mail owner to a GitHub review).
/// </summary>
internal sealed class ApproversExistRule : IRequestRule
{
    private const string Code = "request.no-approvers";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request.Request is not { } read || request.Owners.Any(o => o.Kind != OwnerKind.Email)) return [];
        var why = request.Owners.Count == 0 ? "no code owner" : "only e-mail code owners, which GitJit cannot match to GitHub reviews";
        var role = request.Role;
        return [Finding.Error(request.Path, SourcePosition.File, Code,
            $"CODEOWNERS gives this file {why}, so nobody can approve it{(role is null ? "" : $" ({role.Approvals} approval(s) needed)")}; add a CODEOWNERS line for access-requests/{read.Resource}/")];
    }
}
