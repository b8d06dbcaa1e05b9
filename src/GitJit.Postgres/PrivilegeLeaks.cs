using GitJit.Core.Grants;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// Checks, after granting and before committing, what the new role can really do — its own grants plus everything
/// PUBLIC holds. Any table it could use outside the granted set (a denied table, another schema's table), any privilege
/// beyond the guardrails on a granted one, or a PUBLIC default privilege that would open tables created later in a
/// schema it can use, fails provisioning: better no access than leaky access. Catalogs are PostgreSQL's own and exempt.
/// </summary>
internal static class PrivilegeLeaks
{
    public static async Task ThrowIfAnyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, AccessPlan plan, IReadOnlyList<QualifiedTable> granted, CancellationToken cancellationToken)
    {
        var all = string.Join(',', AccessPlan.AllPrivileges);
        var allColumn = string.Join(',', AccessPlan.ColumnPrivileges);
        var reachable = await TargetTables.ReadAsync(connection, transaction,
            $"""
            select n.nspname, c.relname
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            left join unnest($2::text[], $3::text[]) as g(s, t) on g.s = n.nspname and g.t = c.relname
            where c.relkind in {TargetTables.RelationKinds}
              and n.nspname not in ('pg_catalog', 'information_schema')
              and has_schema_privilege($1, n.oid, 'USAGE')
              and case
                    when g.s is null then has_table_privilege($1, c.oid, $4) or has_any_column_privilege($1, c.oid, $5)
                    else (case when $6 = '' then false else has_table_privilege($1, c.oid, $6) end)
                      or (case when $7 = '' then false else has_any_column_privilege($1, c.oid, $7) end)
                  end
            order by 1, 2
            """,
            [role, .. TargetTables.Columns(granted), all, allColumn, plan.ExcessTablePrivileges, plan.ExcessColumnPrivileges],
            cancellationToken).ConfigureAwait(false);
        if (reachable.Count > 0)
        {
            throw new AccessRefusedException(
                $"refusing to provision: role \"{role}\" could use table(s) beyond its guardrails through privileges granted to PUBLIC: "
                + $"{string.Join(", ", reachable.Take(20))}{(reachable.Count > 20 ? ", …" : "")}. Revoke those privileges from PUBLIC, then retry");
        }

        var defaults = await TargetTables.ReadAsync(connection, transaction,
            """
            select coalesce(n.nspname, '(every schema)'), pg_get_userbyid(d.defaclrole)
            from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace
            where d.defaclobjtype = 'r'
              and exists (select from aclexplode(d.defaclacl) a where a.grantee = 0)
              and (d.defaclnamespace = 0 or has_schema_privilege($1, d.defaclnamespace, 'USAGE'))
            order by 1, 2
            """, [role], cancellationToken).ConfigureAwait(false);
        if (defaults.Count > 0)
        {
            throw new AccessRefusedException(
                $"refusing to provision: tables created later would be open to role \"{role}\" through default privileges for PUBLIC in "
                + $"{string.Join(", ", defaults.Select(d => $"schema {d.Schema} (tables created by {d.Name})"))}. Remove those default privileges, then retry");
        }
    }
}
