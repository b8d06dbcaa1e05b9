using GitJit.Core.Model;

namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request's requester is one of its policy's <c>requesters</c>, by name or team. A team membership that cannot be
/// checked here (offline, without <c>--teams</c>) is a notice, not an error: the bot checks it.
/// </summary>
internal sealed class EligibleRequesterRule : IRequestRule
{
    private const string NotEligible = "request.requester-not-eligible";
    private const string Unchecked = "request.eligibility-unchecked";

    public IReadOnlyList<string> Codes { get; } = [NotEligible, Unchecked];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: { } read, Role: not null, Policy.Policy: { } policy }) return [];
        var unknown = new List<Principal>();
        foreach (var principal in policy.Requesters)
        {
            switch (request.Teams.Includes(principal, read.Requester))
            {
                case Membership.Member: return [];
                case Membership.Unknown: unknown.Add(principal); break;
            }
        }
        if (unknown.Count > 0)
        {
            return [Finding.Notice(request.Path, request.Document.At("requester"), Unchecked,
                $"{read.Requester} is not listed by name; membership of {Text.List(unknown.Select(p => p.ToString()))} cannot be checked here (the bot checks it)")];
        }
        return [Finding.Error(request.Path, request.Document.At("requester"), NotEligible,
            $"{read.Requester} may not request {read.Resource}; the policy allows {Text.List(policy.Requesters.Select(p => p.ToString()))}")];
    }
}
