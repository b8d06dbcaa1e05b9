using GitJit.Core.CodeOwners;
using GitJit.Core.Documents;
using GitJit.Core.Model;
using GitJit.Core.Repository;

namespace GitJit.Core.Decisions;

/// <summary>
/// The static rules: everything that can be said of a request file from the repository alone, with no pull request.
/// <c>gitjit validate</c>, <c>gitjit plan</c> and the bot all evaluate requests here. Every rule runs; all findings
/// are gathered.
/// </summary>
public static class RequestRules
{
    public static async Task<RequestEvaluation> EvaluateAsync(AccessRepository repository, string path, ReadOnlyMemory<byte> content, TeamDirectory teams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(teams);
        var findings = new List<Finding>();
        var folder = RequestLocation.Folder(path, out var locationProblem);
        if (folder is null)
        {
            findings.Add(Finding.Error(path, SourcePosition.File, "request.location", locationProblem));
        }

        var document = RequestDocument.Read(path, content.Span, repository.RequestSchema);
        findings.AddRange(document.Findings);
        var owners = repository.CodeOwners.OwnersOf(path);
        if (document.Request is not { } request)
        {
            return new RequestEvaluation(document, null, null, null, owners, findings);
        }

        if (folder is not null && folder != request.Resource)
        {
            findings.Add(Finding.Error(path, document.At("resource"), "request.folder-mismatch",
                $"resource is {Text.Quote(request.Resource)} but the file sits in access-requests/{folder}/; move it to access-requests/{request.Resource}/"));
        }

        var policy = await repository.PolicyAsync(request.Resource, cancellationToken).ConfigureAwait(false);
        var role = CheckPolicyAndRole(document, request, policy, findings);
        Guardrails? effective = null;
        if (policy?.Policy is { } validPolicy && role is not null)
        {
            CheckDuration(document, request, role, findings);
            CheckTicket(document, request, role, findings);
            CheckEligibility(document, request, validPolicy, teams, findings);
            effective = CheckGuardrails(document, request, role, findings);
        }
        CheckOwners(document, role, owners, findings);
        return new RequestEvaluation(document, policy, role, effective, owners, findings);
    }

    private static PolicyRole? CheckPolicyAndRole(RequestDocument document, AccessRequest request, PolicyDocument? policy, List<Finding> findings)
    {
        if (policy is null)
        {
            findings.Add(Finding.Error(document.Path, document.At("resource"), "request.unknown-resource",
                $"there is no policy for resource {Text.Quote(request.Resource)} ({PolicyDocument.PathFor(request.Resource)} does not exist)"));
            return null;
        }
        if (policy.Policy is null)
        {
            var errors = policy.Findings.Count(f => f.Severity == Severity.Error);
            findings.Add(Finding.Error(document.Path, document.At("resource"), "request.policy-invalid",
                $"the policy {policy.Path} has {errors} error(s), so it grants nothing until it is fixed"));
            return null;
        }
        if (policy.Policy.Roles.TryGetValue(request.Role, out var role)) return role;
        findings.Add(Finding.Error(document.Path, document.At("role"), "request.unknown-role",
            $"{Text.Quote(request.Role)} is not a role of {request.Resource}; choose one of {Text.List(policy.Policy.Roles.Keys)}"));
        return null;
    }

    private static void CheckDuration(RequestDocument document, AccessRequest request, PolicyRole role, List<Finding> findings)
    {
        if (request.Duration > role.MaxDuration)
        {
            findings.Add(Finding.Error(document.Path, document.At("duration"), "request.duration-too-long",
                $"duration {GrantDuration.Format(request.Duration)} is longer than the {role.Name} role allows ({GrantDuration.Format(role.MaxDuration)})"));
        }
    }

    private static void CheckTicket(RequestDocument document, AccessRequest request, PolicyRole role, List<Finding> findings)
    {
        if (request.Ticket is null)
        {
            if (role.RequireTicket)
            {
                findings.Add(Finding.Error(document.Path, document.At(), "request.ticket-required", $"the {role.Name} role requires a ticket; add a 'ticket' field"));
            }
            return;
        }
        if (role.TicketPattern is not { } pattern) return;
        switch (pattern.Match(request.Ticket))
        {
            case PatternMatch.NoMatch:
                findings.Add(Finding.Error(document.Path, document.At("ticket"), "request.ticket-mismatch",
                    $"ticket {Text.Quote(request.Ticket)} does not match the {role.Name} role's pattern {pattern.Text}"));
                break;
            case PatternMatch.TooSlow:
                findings.Add(Finding.Error(document.Path, document.At("ticket"), "request.ticket-pattern-timeout",
                    $"ticket could not be checked: the {role.Name} role's ticketPattern {Text.Quote(pattern.Text)} in {PolicyDocument.PathFor(request.Resource)} " +
                    $"took longer than {BoundedPattern.MatchTimeout.TotalMilliseconds:0} ms to match, so GitJit no longer runs it; the policy must be fixed on the base branch"));
                break;
        }
    }

    private static void CheckEligibility(RequestDocument document, AccessRequest request, Policy policy, TeamDirectory teams, List<Finding> findings)
    {
        var unknown = new List<Principal>();
        foreach (var principal in policy.Requesters)
        {
            switch (teams.Includes(principal, request.Requester))
            {
                case Membership.Member: return;
                case Membership.Unknown: unknown.Add(principal); break;
            }
        }
        if (unknown.Count > 0)
        {
            findings.Add(Finding.Notice(document.Path, document.At("requester"), "request.eligibility-unchecked",
                $"{request.Requester} is not listed by name; membership of {Text.List(unknown.Select(p => p.ToString()))} cannot be checked here (the bot checks it)"));
            return;
        }
        findings.Add(Finding.Error(document.Path, document.At("requester"), "request.requester-not-eligible",
            $"{request.Requester} may not request {request.Resource}; the policy allows {Text.List(policy.Requesters.Select(p => p.ToString()))}"));
    }

    private static Guardrails CheckGuardrails(RequestDocument document, AccessRequest request, PolicyRole role, List<Finding> findings)
    {
        var (effective, widenings) = GuardrailNarrowing.Narrow(role.Guardrails, request.Guardrails);
        foreach (var widening in widenings)
        {
            findings.Add(Finding.Error(document.Path, document.At("guardrails", widening.Field), "request.guardrails-widen",
                $"guardrails.{widening.Field}: {widening.Message}; a request may only narrow its role's guardrails"));
        }
        return effective;
    }

    private static void CheckOwners(RequestDocument document, PolicyRole? role, IReadOnlyList<Owner> owners, List<Finding> findings)
    {
        if (owners.Any(o => o.Kind != OwnerKind.Email)) return;
        var why = owners.Count == 0 ? "no code owner" : "only e-mail code owners, which GitJit cannot match to GitHub reviews";
        findings.Add(Finding.Error(document.Path, SourcePosition.File, "request.no-approvers",
            $"CODEOWNERS gives this file {why}, so nobody can approve it{(role is null ? "" : $" ({role.Approvals} approval(s) needed)")}; add a CODEOWNERS line for access-requests/{document.Request?.Resource}/"));
    }
}
