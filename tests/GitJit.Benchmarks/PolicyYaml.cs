using System.Globalization;
using System.Text;

namespace GitJit.Benchmarks;

/// <summary>Writes a policy the way the example policies are written.</summary>
internal static class PolicyYaml
{
    public static string Write(PolicySpec policy)
    {
        var text = new StringBuilder()
            .Append("# yaml-language-server: $schema=../schemas/policy.schema.json\n")
            .Append(CultureInfo.InvariantCulture, $"resource: {policy.Resource}\n")
            .Append(CultureInfo.InvariantCulture, $"description: {YamlText.Scalar(policy.Description)}\n")
            .Append("provider: postgres\n")
            .Append("target:\n")
            .Append(CultureInfo.InvariantCulture, $"  connection: {policy.Connection}\n")
            .Append(CultureInfo.InvariantCulture, $"  database: {policy.Database}\n")
            .Append("requesters:\n");
        foreach (var team in policy.Teams)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - \"@{Vocabulary.Organisation}/{team}\"\n");
        }
        foreach (var login in policy.Logins)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {login}\n");
        }
        text.Append("roles:\n");
        foreach (var role in policy.Roles)
        {
            Role(text, role);
        }
        return text.ToString();
    }

    private static void Role(StringBuilder text, RoleSpec role)
    {
        var g = role.Guardrails;
        text.Append(CultureInfo.InvariantCulture, $"  {role.Name}:\n")
            .Append(CultureInfo.InvariantCulture, $"    description: {YamlText.Scalar(role.Description)}\n")
            .Append(CultureInfo.InvariantCulture, $"    maxDuration: {role.MaxDuration}\n")
            .Append(CultureInfo.InvariantCulture, $"    approvals: {role.Approvals}\n");
        if (role.Ticket is { } ticket)
        {
            text.Append("    requireTicket: true\n");
            if (ticket.Pattern is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"    ticketPattern: {YamlText.Scalar(ticket.Pattern)}\n");
            }
        }
        text.Append("    guardrails:\n")
            .Append(CultureInfo.InvariantCulture, $"      privileges: {YamlText.List(g.Privileges)}\n")
            .Append(CultureInfo.InvariantCulture, $"      schemas: {YamlText.List(g.Schemas)}\n");
        if (g.DeniedTables.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"      deniedTables: {YamlText.List(g.DeniedTables)}\n");
        }
        if (g.ReadOnly)
        {
            text.Append("      readOnly: true\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"      statementTimeout: {Durations.Seconds(g.StatementTimeoutSeconds)}\n")
            .Append(CultureInfo.InvariantCulture, $"      maxConnections: {g.MaxConnections}\n")
            .Append(CultureInfo.InvariantCulture, $"      blockedStatements: {YamlText.List(g.BlockedStatements)}\n");
        if (g.RequireWhere)
        {
            text.Append("      requireWhere: true\n");
        }
    }
}
