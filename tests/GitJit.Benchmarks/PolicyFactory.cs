namespace GitJit.Benchmarks;

/// <summary>Makes policies like the ones a platform-security team keeps: a reader role, then a few narrower write roles.</summary>
internal sealed class PolicyFactory(Random random, IReadOnlyList<string> logins)
{
    private static readonly string[] AlwaysBlocked = ["drop", "alter", "grant", "revoke"];
    private static readonly string[] Dml = ["insert", "update", "delete", "merge", "truncate"];
    private static readonly string[] Extras = ["create", "copy", "vacuum", "lock", "call", "do", "execute", "set"];
    private static readonly string[] OwnerSuffixes = ["eng", "dba", "oncall", "owners"];

    private static readonly Dictionary<string, string> KindText = new(StringComparer.Ordinal)
    {
        ["db"] = "production database",
        ["replica"] = "read replica",
        ["warehouse"] = "data warehouse",
        ["archive"] = "cold archive",
        ["primary"] = "primary database",
        ["reporting-db"] = "reporting database",
        ["ledger-db"] = "ledger database",
    };

    public PolicySpec Create(string resource, string domain, string kind)
    {
        var ownerTeam = $"{domain}-{random.Pick(OwnerSuffixes)}";
        var teams = new List<string> { ownerTeam };
        teams.AddRange(random.Subset([.. Vocabulary.SharedTeams.Where(team => team != ownerTeam)], 0, 2));
        var tables = Tables();
        var templates = new List<RoleTemplate> { random.Pick(RoleTemplate.Readers) };
        templates.AddRange(random.Subset(RoleTemplate.Others, 0, 3));

        return new PolicySpec(
            resource,
            $"The {domain} service's {KindText[kind]}.",
            resource.Replace('-', '_').ToUpperInvariant(),
            resource.Replace('-', '_'),
            teams,
            random.Subset(logins, 2, 6),
            [.. templates.Select(template => Role(template, tables))],
            tables,
            ownerTeam);
    }

    private Dictionary<string, IReadOnlyList<string>> Tables()
    {
        var tables = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var schema in random.Subset(Vocabulary.Schemas, 2, 4))
        {
            var names = random.Subset(Vocabulary.Tables, 4, 9);
            if (random.Chance(0.6))
            {
                names.AddRange(random.Subset(Vocabulary.SensitiveTables, 1, 2));
            }
            tables[schema] = names;
        }
        return tables;
    }

    private RoleSpec Role(RoleTemplate template, IReadOnlyDictionary<string, IReadOnlyList<string>> tables)
    {
        var maxMinutes = random.Pick(template.MaxMinutes);
        var schemas = random.Subset([.. tables.Keys], 1, 3);
        var denied = schemas
            .SelectMany(schema => tables[schema].Where(Vocabulary.SensitiveTables.Contains).Select(table => $"{schema}.{table}"))
            .ToList();
        var writes = template.Privileges.Intersect(["update", "delete"]).Any();
        var guardrails = new RoleGuardrails(
            template.Privileges,
            schemas,
            denied,
            template.ReadOnly,
            template.ReadOnly ? random.Pick([30, 60, 120, 300, 600, 900]) : random.Pick([5, 10, 15, 30, 60]),
            Blocked(template),
            template.ReadOnly ? random.Next(2, 9) : random.Next(1, 4),
            writes);
        var ticket = random.Chance(template.TicketChance) ? random.Pick(TicketRules.All) : null;
        return new RoleSpec(template.Name, template.Description, maxMinutes, Durations.Minutes(maxMinutes, random), random.Pick(template.Approvals), ticket, guardrails);
    }

    /// <summary>DDL always; DML the role has no privilege for; a few others. Never a statement the role is granted.</summary>
    private List<string> Blocked(RoleTemplate template)
    {
        var granted = template.Privileges.ToHashSet(StringComparer.Ordinal);
        var blocked = AlwaysBlocked
            .Concat(Dml.Where(statement => !granted.Contains(statement) && (statement != "merge" || template.ReadOnly)))
            .Concat(random.Subset(Extras, 0, 3))
            .ToHashSet(StringComparer.Ordinal);
        return [.. StatementOrder.Where(blocked.Contains)];
    }

    private static readonly string[] StatementOrder =
    [
        "select", "insert", "update", "delete", "merge", "truncate", "drop", "alter", "create", "grant",
        "revoke", "copy", "vacuum", "lock", "call", "do", "execute", "set",
    ];
}
