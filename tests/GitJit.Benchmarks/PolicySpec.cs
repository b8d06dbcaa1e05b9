namespace GitJit.Benchmarks;

/// <summary>
/// One generated policy: <c>policies/&lt;Resource&gt;.yaml</c>. <c>Tables</c> lists each schema's tables, sensitive
/// ones included; <c>OwnerTeam</c> (without @) is the team whose people approve requests for the resource.
/// </summary>
internal sealed record PolicySpec(
    string Resource,
    string Description,
    string Connection,
    string Database,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Logins,
    IReadOnlyList<RoleSpec> Roles,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Tables,
    string OwnerTeam);

/// <summary>One role of a policy. Durations are kept in minutes and seconds as well as in the text written.</summary>
internal sealed record RoleSpec(
    string Name,
    string Description,
    int MaxMinutes,
    string MaxDuration,
    int Approvals,
    TicketRule? Ticket,
    RoleGuardrails Guardrails)
{
    public bool RequireTicket => Ticket is not null;
}

/// <summary>A role's guardrails; every role has all of them, as a careful security team would write.</summary>
internal sealed record RoleGuardrails(
    IReadOnlyList<string> Privileges,
    IReadOnlyList<string> Schemas,
    IReadOnlyList<string> DeniedTables,
    bool ReadOnly,
    int StatementTimeoutSeconds,
    IReadOnlyList<string> BlockedStatements,
    int MaxConnections,
    bool RequireWhere);

/// <summary>A required ticket: the role's <c>ticketPattern</c> (none means any ticket) and a way to make one that matches.</summary>
internal sealed record TicketRule(string? Pattern, Func<Random, string> Make);
