using GitJit.Core.Grants;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// Reads the target database's tables for a grant. "Table" means every relation table privileges apply to and rows
/// can be read from: tables, partitioned tables, views, materialized views, foreign tables. Names are compared exactly.
/// </summary>
internal static class TargetTables
{
    public const string RelationKinds = "('r', 'p', 'v', 'm', 'f')";

    /// <summary>The tables to grant on: the listed ones (all must exist), or every table now in the plan's schemas, minus the denied ones.</summary>
    public static async Task<IReadOnlyList<QualifiedTable>> AllowedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AccessPlan plan, CancellationToken cancellationToken)
    {
        var missingSchemas = await ReadAsync(connection, transaction,
            "select s, '' from unnest($1::text[]) s where not exists (select from pg_namespace where nspname = s)", [plan.Schemas.ToArray()], cancellationToken).ConfigureAwait(false);
        if (missingSchemas.Count > 0)
        {
            throw new AccessRefusedException($"schema(s) {string.Join(", ", missingSchemas.Select(s => $"'{s.Schema}'"))} named in the guardrails do not exist in the target database");
        }

        IReadOnlyList<QualifiedTable> candidates;
        if (plan.Tables is { } listed)
        {
            var missing = await ReadAsync(connection, transaction,
                $"""
                select x.s, x.t from unnest($1::text[], $2::text[]) as x(s, t)
                where not exists (
                    select from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = x.s and c.relname = x.t and c.relkind in {RelationKinds})
                """, Columns(listed), cancellationToken).ConfigureAwait(false);
            if (missing.Count > 0)
            {
                throw new AccessRefusedException($"table(s) {string.Join(", ", missing.Select(t => $"'{t}'"))} named in the guardrails do not exist in the target database");
            }
            candidates = listed;
        }
        else
        {
            candidates = await ReadAsync(connection, transaction,
                $"""
                select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = any($1) and c.relkind in {RelationKinds} order by 1, 2
                """, [plan.Schemas.ToArray()], cancellationToken).ConfigureAwait(false);
        }
        var denied = await DeniedAsync(connection, transaction, plan.DeniedTables, cancellationToken).ConfigureAwait(false);
        return [.. candidates.Where(t => !denied.Contains(t))];
    }

    /// <summary>
    /// The denied tables and everything that reads their rows: partitions and inheritance children (their rows are the
    /// parent's), and views or materialized views defined on them, recursively. Denied always wins over allowed.
    /// </summary>
    private static async Task<HashSet<QualifiedTable>> DeniedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<QualifiedTable> denied, CancellationToken cancellationToken)
    {
        if (denied.Count == 0) return [];
        var closure = await ReadAsync(connection, transaction,
            """
            with recursive readers(parent, child) as (
                select inhparent, inhrelid from pg_inherits
                union all
                select d.refobjid, r.ev_class from pg_depend d join pg_rewrite r on r.oid = d.objid
                where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass and r.ev_class <> d.refobjid
            ), denied(oid) as (
                select c.oid from unnest($1::text[], $2::text[]) as x(s, t)
                join pg_namespace n on n.nspname = x.s join pg_class c on c.relnamespace = n.oid and c.relname = x.t
                union
                select r.child from denied join readers r on r.parent = denied.oid
            )
            select n.nspname, c.relname from denied join pg_class c on c.oid = denied.oid join pg_namespace n on n.oid = c.relnamespace
            """, Columns(denied), cancellationToken).ConfigureAwait(false);
        return [.. denied, .. closure];
    }

    public static object[] Columns(IReadOnlyCollection<QualifiedTable> tables) =>
        [tables.Select(t => t.Schema).ToArray(), tables.Select(t => t.Name).ToArray()];

    /// <summary>Runs a query whose two columns are a schema and a table name.</summary>
    public static async Task<List<QualifiedTable>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tables = new List<QualifiedTable>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) tables.Add(new QualifiedTable(reader.GetString(0), reader.GetString(1)));
        return tables;
    }
}
