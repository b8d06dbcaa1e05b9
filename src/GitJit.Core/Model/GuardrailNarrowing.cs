namespace GitJit.Core.Model;

/// <summary>A requested guardrail that would widen the role's, with the guardrail's name.</summary>
public sealed record GuardrailWidening(string Field, string Message);

/// <summary>
/// Combines a role's guardrails with a request's. A request may only narrow: fewer privileges, schemas and tables,
/// more denied tables and blocked statements, shorter timeouts, fewer connections, read-only, WHERE and the gateway
/// required where the role leaves them open. A role that lists no privileges grants none. The effective guardrails
/// go through the gateway whenever either side requires it (<see cref="Guardrails.RequiresGateway"/>: said, or by
/// default beside a statement-level guardrail), so a request that adds blocked statements also asks for the gateway.
/// </summary>
public static class GuardrailNarrowing
{
    public static (Guardrails Effective, IReadOnlyList<GuardrailWidening> Widenings) Narrow(Guardrails role, Guardrails requested)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(requested);
        var widenings = new List<GuardrailWidening>();

        Subset("privileges", requested.Privileges, role.Privileges ?? [], widenings);
        if (role.Schemas is { } roleSchemas) Subset("schemas", requested.Schemas, roleSchemas, widenings);
        if (role.Tables is { } roleTables) Subset("tables", requested.Tables, roleTables, widenings);

        var schemas = requested.Schemas ?? role.Schemas;
        foreach (var table in requested.Tables ?? [])
        {
            if (Contains(role.DeniedTables, table))
            {
                widenings.Add(new("tables", $"{Text.Quote(table)} is denied by the role"));
            }
            else if (schemas is not null && !Contains(schemas, TableName.SchemaOf(table)))
            {
                widenings.Add(new("tables", $"{Text.Quote(table)} is outside the allowed schemas ({string.Join(", ", schemas)})"));
            }
        }

        if (role.ReadOnly == true && requested.ReadOnly == false)
        {
            widenings.Add(new("readOnly", "the role is read-only; a request cannot turn that off"));
        }
        if (role.RequireWhere == true && requested.RequireWhere == false)
        {
            widenings.Add(new("requireWhere", "the role requires WHERE on UPDATE and DELETE; a request cannot turn that off"));
        }
        if (role.RequiresGateway && requested.Gateway == false)
        {
            widenings.Add(new("gateway", role.Gateway == true
                ? "the role's sessions go through the gateway; a request cannot turn it off"
                : "the role's statement-level guardrails (blockedStatements, requireWhere) need the gateway; a request cannot turn it off"));
        }
        if (role.StatementTimeout is { } roleTimeout && requested.StatementTimeout > roleTimeout)
        {
            widenings.Add(new("statementTimeout", $"{GrantDuration.Format(requested.StatementTimeout.Value)} is longer than the role's {GrantDuration.Format(roleTimeout)}"));
        }
        if (role.MaxConnections is { } roleConnections && requested.MaxConnections > roleConnections)
        {
            widenings.Add(new("maxConnections", $"{requested.MaxConnections} is more than the role's {roleConnections}"));
        }

        var effective = new Guardrails
        {
            Privileges = requested.Privileges ?? role.Privileges ?? [],
            Schemas = schemas,
            Tables = requested.Tables ?? role.Tables,
            DeniedTables = Union(role.DeniedTables, requested.DeniedTables),
            ReadOnly = role.ReadOnly == true || requested.ReadOnly == true ? true : role.ReadOnly ?? requested.ReadOnly,
            StatementTimeout = Min(role.StatementTimeout, requested.StatementTimeout),
            MaxConnections = Min(role.MaxConnections, requested.MaxConnections),
            BlockedStatements = Union(role.BlockedStatements, requested.BlockedStatements),
            RequireWhere = role.RequireWhere == true || requested.RequireWhere == true ? true : role.RequireWhere ?? requested.RequireWhere,
            Gateway = role.RequiresGateway || requested.RequiresGateway ? true : role.Gateway ?? requested.Gateway,
        };
        return (effective, widenings);
    }

    private static void Subset(string field, IReadOnlyList<string>? requested, IReadOnlyList<string> allowed, List<GuardrailWidening> widenings)
    {
        foreach (var item in requested ?? [])
        {
            if (!Contains(allowed, item))
            {
                var offered = allowed.Count == 0 ? "the role allows none" : $"the role allows {string.Join(", ", allowed)}";
                widenings.Add(new(field, $"{Text.Quote(item)} is not allowed: {offered}"));
            }
        }
    }

    private static IReadOnlyList<string>? Union(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (b is null || b.Count == 0) return a ?? b;
        var union = new List<string>(a ?? []);
        foreach (var item in b)
        {
            if (!Contains(union, item)) union.Add(item);
        }
        return union;
    }

    /// <summary>Exact, ordinal membership: identifiers are never folded.</summary>
    private static bool Contains(IReadOnlyList<string>? items, string item)
    {
        if (items is null) return false;
        foreach (var candidate in items)
        {
            if (string.Equals(candidate, item, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static T? Min<T>(T? a, T? b) where T : struct, IComparable<T> =>
        a is null ? b : b is null ? a : a.Value.CompareTo(b.Value) <= 0 ? a : b;
}
