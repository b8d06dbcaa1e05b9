using GitJit.Core.CodeOwners;
using GitJit.Core.Documents;
using GitJit.Core.Model;
using GitJit.Core.Repository;

namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// What the static rules look at for one request file, read once from the base branch: where the file sits, what it
/// says, its policy and role, the guardrails narrowed by the request, the file's code owners and the team directory.
/// <see cref="Policy"/> is read only for a request that could be read; <see cref="Role"/>, <see cref="Effective"/> and
/// <see cref="Widenings"/> are set only when the policy is valid and has the requested role. <see cref="Now"/> is the
/// moment of the decision (a start is judged against it).
/// </summary>
internal sealed record RequestContext(
    string Path,
    string? Folder,
    string LocationProblem,
    RequestDocument Document,
    PolicyDocument? Policy,
    PolicyRole? Role,
    Guardrails? Effective,
    IReadOnlyList<GuardrailWidening> Widenings,
    IReadOnlyList<Owner> Owners,
    TeamDirectory Teams,
    DateTimeOffset Now)
{
    /// <summary>The request as read; null when the file cannot be read as a request.</summary>
    public AccessRequest? Request => Document.Request;

    public static async Task<RequestContext> ReadAsync(AccessRepository repository, string path, ReadOnlyMemory<byte> content, TeamDirectory teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var folder = RequestLocation.Folder(path, out var locationProblem);
        var document = RequestDocument.Read(path, content.Span, repository.RequestSchema);
        var owners = repository.CodeOwners.OwnersOf(path);
        if (document.Request is not { } request)
        {
            return new(path, folder, locationProblem, document, null, null, null, [], owners, teams, now);
        }

        var policy = await repository.PolicyAsync(request.Resource, cancellationToken).ConfigureAwait(false);
        if (policy?.Policy?.Roles.GetValueOrDefault(request.Role) is not { } role)
        {
            return new(path, folder, locationProblem, document, policy, null, null, [], owners, teams, now);
        }
        var (effective, widenings) = GuardrailNarrowing.Narrow(role.Guardrails, request.Guardrails);
        return new(path, folder, locationProblem, document, policy, role, effective, widenings, owners, teams, now);
    }
}
