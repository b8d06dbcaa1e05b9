namespace GitJit.Core.Decisions.Rules;

/// <summary>A request for a role with <c>requireTicket</c> names a ticket.</summary>
internal sealed class TicketRequiredRule : IRequestRule
{
    private const string Code = "request.ticket-required";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request.Ticket: null, Role: { RequireTicket: true } role }) return [];
        return [Finding.Error(request.Path, request.Document.At(), Code, $"the {role.Name} role requires a ticket; add a 'ticket' field")];
    }
}
