using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// What a grant's role owns and holds, database by database, and taking it away. <c>DROP OWNED</c> drops every object
/// the role owns in the current database and revokes every privilege it holds there and on the cluster's shared
/// objects (databases, tablespaces). Nothing is ever handed to another role: a grant's objects go with it, and so do
/// objects other roles built on them (a view over its table, a foreign key to it), which PostgreSQL names and the
/// report keeps. Every step is safe to repeat: what is gone is not found again.
/// </summary>
internal static class OwnedObjects
{
    private const string RoleDependencies =
        "s.refclassid = 'pg_authid'::regclass and s.refobjid = (select oid from pg_roles where rolname = $1)";

    /// <summary>The cluster's other databases where the role owns objects or holds privileges, and whether each accepts connections.</summary>
    public static async Task<IReadOnlyList<(string Name, bool AllowsConnections)>> ElsewhereAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string role, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select distinct d.datname, d.datallowconn from pg_shdepend s join pg_database d on d.oid = s.dbid
            where {RoleDependencies} and d.datname <> current_database() order by 1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var databases = new List<(string, bool)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) databases.Add((reader.GetString(0), reader.GetBoolean(1)));
        return databases;
    }

    /// <summary>
    /// Drops what the role owns in the connection's database and revokes what it holds there and on shared objects;
    /// returns what was dropped, one line each (<c>function public.f(integer) in database orders</c>).
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, CancellationToken cancellationToken)
    {
        string database;
        await using (var current = new NpgsqlCommand("select quote_ident(current_database())", connection, transaction))
        {
            database = (string)(await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        await using var describe = new NpgsqlCommand(
            $"""
            select concat_ws(' ', i.type, i.identity)
            from pg_shdepend s cross join lateral pg_identify_object(s.classid, s.objid, s.objsubid) i
            where {RoleDependencies} and s.deptype = 'o' and s.dbid = (select oid from pg_database where datname = current_database())
            order by i.type, i.identity
            """, connection, transaction);
        describe.Parameters.Add(new NpgsqlParameter { Value = role });
        var dropped = new List<string>();
        await using (var reader = await describe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) dropped.Add($"{reader.GetString(0)} in database {database}");
        }

        await transaction.SaveAsync("restrict", cancellationToken).ConfigureAwait(false);
        try
        {
            await new FormattedDdl().Add("drop owned by %I", role).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DependentObjectsStillExist)
        {
            // Other roles built on the grant's objects. PostgreSQL lists what in the error's detail, one dependency a
            // line ("view v depends on table t"), and the connection keeps details (AdminDataSources.OpenUnpooledAsync).
            await transaction.RollbackAsync("restrict", cancellationToken).ConfigureAwait(false);
            dropped.AddRange((e.Detail ?? "objects of other roles that depended on them").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => $"{line} (dropped with it) in database {database}"));
            await new FormattedDdl().Add("drop owned by %I cascade", role).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        return dropped;
    }
}
