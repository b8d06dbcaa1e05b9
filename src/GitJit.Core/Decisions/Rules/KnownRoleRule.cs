namespace GitJit.Core.Decisions.Rules;

/// <summary>A request asks for one of the roles its (valid) policy defines.</summary>
internal sealed class KnownRoleRule : IRequestRule
{
    private const string Code = "request.unknown-role";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: { } read, Policy.Policy: { } policy, Role: null }) return [];
        return [Finding.Error(request.Path, request.Document.At("role"), Code,
            $"{Text.Quote(read.Role)} is not a role of {read.Resource}; choose one of {Text.List(policy.Roles.Keys)}")];
    }
}
