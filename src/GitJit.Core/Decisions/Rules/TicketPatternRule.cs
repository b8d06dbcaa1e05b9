using GitJit.Core.Documents;

namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request's ticket matches its role's <c>ticketPattern</c>, whole, within <see cref="BoundedPattern.MatchTimeout"/>;
/// a pattern too slow to tell is the policy's fault, reported as such.
/// </summary>
internal sealed class TicketPatternRule : IRequestRule
{
    private const string Mismatch = "request.ticket-mismatch";
    private const string Timeout = "request.ticket-pattern-timeout";

    public IReadOnlyList<string> Codes { get; } = [Mismatch, Timeout];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: { Ticket: { } ticket } read, Role: { TicketPattern: { } pattern } role }) return [];
        return pattern.Match(ticket) switch
        {
            PatternMatch.NoMatch => [Finding.Error(request.Path, request.Document.At("ticket"), Mismatch,
                $"ticket {Text.Quote(ticket)} does not match the {role.Name} role's pattern {pattern.Text}")],
            PatternMatch.TooSlow => [Finding.Error(request.Path, request.Document.At("ticket"), Timeout,
                $"ticket could not be checked: the {role.Name} role's ticketPattern {Text.Quote(pattern.Text)} in {PolicyDocument.PathFor(read.Resource)} " +
                $"took longer than {BoundedPattern.MatchTimeout.TotalMilliseconds:0} ms to match, so GitJit no longer runs it; the policy must be fixed on the base branch")],
            _ => [],
        };
    }
}
