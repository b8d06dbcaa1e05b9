namespace GitJit.Benchmarks;

/// <summary>Breaks a valid request in one known way; the kinds take turns so a handful cover schema and policy rules.</summary>
internal static class InvalidRequests
{
    public static (RequestSpec Request, string Why) Break(RequestSpec request, PolicySpec policy, int turn)
    {
        var role = policy.Roles.Single(r => r.Name == request.Role);
        var guardrails = request.Guardrails ?? new RequestGuardrails();
        return (turn % 7) switch
        {
            0 => (request with { Duration = Durations.Minutes(role.MaxMinutes + Durations.Day, new Random(turn)) }, $"duration beyond the role's maxDuration {role.MaxDuration} (policy)"),
            1 => (request with { Role = "superuser" }, "role superuser is not in the policy (policy)"),
            2 => (request with { Reason = "fix it" }, "reason shorter than 10 characters (schema)"),
            3 => (request with { Extra = "approver: " + request.Requester }, "unknown property approver (schema)"),
            4 => (request with { Guardrails = guardrails with { StatementTimeout = Durations.Seconds(role.Guardrails.StatementTimeoutSeconds + 3600) } }, "statementTimeout above the role's (policy)"),
            5 => (request with { Guardrails = guardrails with { MaxConnections = role.Guardrails.MaxConnections + 1 } }, "maxConnections above the role's (policy)"),
            _ when role.Ticket?.Pattern is not null => (request with { Ticket = "nope-1" }, $"ticket does not match {role.Ticket.Pattern} (policy)"),
            _ => (request with { Requester = "Not A Login" }, "requester is not a GitHub login (schema)"),
        };
    }
}
