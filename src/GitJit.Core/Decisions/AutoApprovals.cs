using GitJit.Core.Model;

namespace GitJit.Core.Decisions;

/// <summary>
/// Whether a request meets its role's <c>autoApprove</c> rule, judged on the effective plan: its duration, its
/// effective privileges, its ticket, and the requester's membership (an unknown membership never approves).
/// </summary>
public static class AutoApprovals
{
    /// <summary>
    /// <see cref="AutoApprovalResult.Approved"/> names the rule that approves the request; <see cref="AutoApprovalResult.NotBecause"/>
    /// says why a role with a rule does not; both null for a role without one.
    /// </summary>
    public static AutoApprovalResult Check(PolicyRole role, AccessRequest request, Guardrails effective, TeamDirectory teams)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(effective);
        ArgumentNullException.ThrowIfNull(teams);
        if (role.AutoApprove is not { } rule) return new(null, null);
        if (request.Duration > rule.MaxDuration) return new(null, $"it asks for {GrantDuration.Format(request.Duration)}, longer than the {GrantDuration.Format(rule.MaxDuration)} approved by rule");
        if (rule.ReadOnly && (effective.Privileges ?? []).Any(p => p != "select")) return new(null, $"it asks for {string.Join(", ", effective.Privileges!)}, and only select is approved by rule");
        if (rule.RequireTicket && request.Ticket is null) return new(null, "it names no ticket");
        if (rule.Requesters is { } requesters)
        {
            var memberships = requesters.Select(p => teams.Includes(p, request.Requester)).ToList();
            if (!memberships.Contains(Membership.Member))
            {
                var who = Text.List(requesters.Select(p => p.ToString()));
                return new(null, memberships.Contains(Membership.Unknown)
                    ? $"whether {request.Requester} is among {who} cannot be checked here"
                    : $"{request.Requester} is not among {who}");
            }
        }
        var conditions = new List<string> { $"at most {GrantDuration.Format(rule.MaxDuration)}" };
        if (rule.ReadOnly) conditions.Add("select only");
        if (rule.RequireTicket) conditions.Add("a ticket");
        if (rule.Requesters is { } named) conditions.Add("requested by " + Text.List(named.Select(p => p.ToString())));
        return new($"the role {role.Name}'s autoApprove rule ({string.Join(", ", conditions)})", null);
    }
}

/// <summary>What <see cref="AutoApprovals.Check"/> found: the rule that approves (described), or why a rule does not.</summary>
public sealed record AutoApprovalResult(string? Approved, string? NotBecause);
