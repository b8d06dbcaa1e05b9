using System.Globalization;

namespace GitJit.Benchmarks;

/// <summary>
/// Makes requests valid against the schema and their policy: a role the policy has, a listed requester,
/// duration within maxDuration, a matching ticket where one is required, and guardrails that only narrow the role's.
/// </summary>
internal sealed class RequestFactory(Random random)
{
    public RequestSpec Create(PolicySpec policy, int number)
    {
        var role = PickRole(policy);
        var requester = random.Pick(policy.Logins);
        var minutes = random.Pick(Durations.RequestMinutes.Where(m => m <= role.MaxMinutes).ToList());
        var (topic, reason) = Reasons.Make(random, policy.Resource, writes: !role.Guardrails.ReadOnly);
        var ticket = role.Ticket?.Make(random) ?? (random.Chance(0.25) ? TicketRules.Optional(random) : null);
        return new RequestSpec(
            $"{requester}-{topic}-{number.ToString(CultureInfo.InvariantCulture)}.yaml",
            requester,
            policy.Resource,
            role.Name,
            Durations.Minutes(minutes, random),
            reason,
            ticket,
            random.Chance(0.55) ? Guardrails(policy, role.Guardrails) : null);
    }

    private RoleSpec PickRole(PolicySpec policy)
    {
        var weighted = policy.Roles.SelectMany(role => Enumerable.Repeat(role, role.Guardrails.ReadOnly ? 3 : 1)).ToList();
        return random.Pick(weighted);
    }

    private RequestGuardrails Guardrails(PolicySpec policy, RoleGuardrails role)
    {
        List<string>? privileges = role.Privileges.Count > 1 && random.Chance(0.4)
            ? ["select", .. random.Subset([.. role.Privileges.Where(p => p != "select")], 0, role.Privileges.Count - 2)]
            : null;
        var schemas = random.Chance(0.35) ? random.Subset(role.Schemas, 1, role.Schemas.Count) : null;
        var tables = random.Chance(0.45) ? Tables(policy, schemas ?? role.Schemas) : null;
        var timeouts = Durations.TimeoutSeconds.Where(s => s <= role.StatementTimeoutSeconds).ToList();
        var timeout = random.Chance(0.3) ? Durations.Seconds(random.Pick(timeouts)) : null;
        int? connections = random.Chance(0.25) ? random.Next(1, role.MaxConnections + 1) : null;
        bool? readOnly = role.ReadOnly && random.Chance(0.1) ? true : null;
        if (privileges is null && schemas is null && tables is null && timeout is null && connections is null && readOnly is null)
        {
            tables = Tables(policy, role.Schemas);
        }
        return new RequestGuardrails(privileges, schemas, tables, readOnly, timeout, connections);
    }

    /// <summary>One to four tables of the given schemas, never a sensitive (denied) one.</summary>
    private List<string> Tables(PolicySpec policy, IReadOnlyList<string> schemas)
    {
        var allowed = schemas
            .SelectMany(schema => policy.Tables[schema].Where(t => !Vocabulary.SensitiveTables.Contains(t)).Select(t => $"{schema}.{t}"))
            .ToList();
        return random.Subset(allowed, 1, 4);
    }
}
