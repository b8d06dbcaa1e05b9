using GitJit.Core.Grants;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// Refuses a role that could create lasting objects: CREATE on a schema (a SECURITY DEFINER function, a table to stash
/// rows in) or on a database (a schema of its own), in the target or in any other database of the cluster it could
/// connect to. Revocation drops whatever a role owns anyway; this keeps a grant from owning anything to begin with. A
/// new role holds nothing of its own outside the target, so there it can do exactly what PUBLIC can. TEMP is allowed:
/// temporary objects end with their session, and revocation ends every session. PostgreSQL's own schemas give PUBLIC
/// no CREATE, so none is exempt.
/// </summary>
internal static class CreatePrivileges
{
    /// <summary>
    /// Before the role exists: where PUBLIC may create in the cluster's other databases that PUBLIC may connect to,
    /// visiting each one (a short unpooled connection). Findings are returned, to be reported with the target's.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ElsewhereAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AdminDataSources sources, string connectionName, CancellationToken cancellationToken)
    {
        var findings = new List<string>();
        var databases = new List<(string Name, string Quoted, bool Create)>();
        await using (var list = new NpgsqlCommand(
            """
            select datname, quote_ident(datname), has_database_privilege('public', oid, 'CREATE') from pg_database
            where datallowconn and datname <> current_database() and has_database_privilege('public', oid, 'CONNECT')
            order by datname
            """, connection, transaction))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) databases.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }
        foreach (var (name, quoted, create) in databases)
        {
            if (create) findings.Add($"database {quoted} (REVOKE CREATE ON DATABASE {quoted} FROM PUBLIC)");
            NpgsqlConnection other;
            try
            {
                other = await sources.OpenUnpooledAsync(connectionName, name, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                continue; // dropped since it was listed
            }
            catch (NpgsqlException e)
            {
                throw new AccessRefusedException(
                    $"refusing to provision: could not check database {quoted}, which PUBLIC may connect to, for schemas the role could create in: {e.Message}. "
                    + $"REVOKE CONNECT ON DATABASE {quoted} FROM PUBLIC, or let the admin connect there, then retry", e);
            }
            await using (other)
            {
                findings.AddRange(await SchemasAsync(other, null, "public", cancellationToken).ConfigureAwait(false));
            }
        }
        return findings;
    }

    /// <summary>After the role is created, before commit: the target's own findings as the role, plus <paramref name="elsewhere"/>; throws when there are any.</summary>
    public static async Task ThrowIfAnyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, IReadOnlyList<string> elsewhere, CancellationToken cancellationToken)
    {
        var findings = new List<string>();
        await using (var database = new NpgsqlCommand(
            "select quote_ident(datname) from pg_database where datname = current_database() and has_database_privilege($1, oid, 'CREATE')", connection, transaction))
        {
            database.Parameters.Add(new NpgsqlParameter { Value = role });
            if (await database.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string quoted)
            {
                findings.Add($"database {quoted} (REVOKE CREATE ON DATABASE {quoted} FROM PUBLIC)");
            }
        }
        findings.AddRange(await SchemasAsync(connection, transaction, role, cancellationToken).ConfigureAwait(false));
        findings.AddRange(elsewhere);
        if (findings.Count > 0)
        {
            throw new AccessRefusedException(
                $"refusing to provision: role \"{role}\" could create objects that outlive its sessions (a SECURITY DEFINER function, say) through CREATE granted to PUBLIC on: "
                + $"{string.Join("; ", findings.Take(20))}{(findings.Count > 20 ? "; …" : "")}. Revoke those privileges from PUBLIC (each in its database), "
                + "or CONNECT from PUBLIC on databases other than the target, then retry");
        }
    }

    /// <summary>The connection's schemas <paramref name="grantee"/> (a role, or <c>public</c>) may create in, each with the statement that stops it.</summary>
    private static async Task<List<string>> SchemasAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string grantee, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            select format('schema %I in database %I (REVOKE CREATE ON SCHEMA %I FROM PUBLIC)', nspname, current_database(), nspname)
            from pg_namespace where has_schema_privilege($1, oid, 'CREATE') order by nspname
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = grantee });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var schemas = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) schemas.Add(reader.GetString(0));
        return schemas;
    }
}
