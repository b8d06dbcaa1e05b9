using GitJit.Core.Grants;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// Removes a grant's role: first NOLOGIN, committed, so no new session can start; then every live session of the role
/// is terminated, checking until none is left; then what the role owns is dropped and what it holds revoked
/// (<see cref="OwnedObjects"/>) — in the target database first, which also takes its privileges on shared objects,
/// then in every other database where it owns or holds anything, then once more in the target, where the role itself
/// is dropped in the same transaction. Nothing the role created is ever handed to another role. Each step is safe to
/// run again, so a revocation interrupted anywhere is finished by the next attempt (which reports only what was left).
/// </summary>
internal static class RoleRevocation
{
    private const int TerminationRounds = 15;

    public static async Task<Revocation> RevokeAsync(AdminDataSources sources, ManagedAccess access, ILogger logger, CancellationToken cancellationToken)
    {
        var target = sources.For(access.Connection, access.Database);
        var role = access.Principal;
        if (!await NologinAsync(target, access, cancellationToken).ConfigureAwait(false))
        {
            return new Revocation(false, 0);
        }
        var ended = await TerminateSessionsAsync(target, access, logger, cancellationToken).ConfigureAwait(false);
        var dropped = new List<string>();
        if (await DropInTargetAsync(sources, access, dropped, dropRole: false, cancellationToken).ConfigureAwait(false))
        {
            await DropElsewhereAsync(sources, access, dropped, cancellationToken).ConfigureAwait(false);
            await DropInTargetAsync(sources, access, dropped, dropRole: true, cancellationToken).ConfigureAwait(false);
        }
        return new Revocation(true, ended) { ObjectsDropped = dropped };
    }

    /// <summary>Sets NOLOGIN when the role exists and is the access's; false when there is no such role.</summary>
    private static async Task<bool> NologinAsync(NpgsqlDataSource target, ManagedAccess access, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var role = await ManagedRole.LockAndReadAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false);
        if (role is null) return false;
        role.RequireManagedFor(access.GrantId);
        await new FormattedDdl().Add("alter role %I nologin", access.Principal).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// In the target database, under the role's lock: drops what the role owns and holds; with <paramref name="dropRole"/>,
    /// refuses while anything is left in another database, then drops the role. False when the role is already gone.
    /// </summary>
    private static async Task<bool> DropInTargetAsync(AdminDataSources sources, ManagedAccess access, List<string> dropped, bool dropRole, CancellationToken cancellationToken)
    {
        await using var connection = await sources.OpenUnpooledAsync(access.Connection, access.Database, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var role = await ManagedRole.LockAndReadAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false);
        if (role is null) return false;
        role.RequireManagedFor(access.GrantId);
        await ManagedRole.LockPrivilegesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        dropped.AddRange(await OwnedObjects.DropAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false));
        if (dropRole)
        {
            var left = await OwnedObjects.ElsewhereAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false);
            if (left.Count > 0)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL role \"{access.Principal}\" still owns objects or holds privileges in database(s) "
                    + $"{string.Join(", ", left.Select(d => $"\"{d.Name}\"{(d.AllowsConnections ? "" : " (which allows no connections)")}"))}; it can no longer log in "
                    + "and has no session left. Drop them there (DROP OWNED BY the role, connected to each), then revoking again finishes the job");
            }
            await new FormattedDdl().Add("drop role %I", access.Principal).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Visits every other database where the role owns or holds anything, with the same admin credentials, and drops
    /// it there. Databases that allow no connections are skipped; the final step in the target names them.
    /// </summary>
    private static async Task DropElsewhereAsync(AdminDataSources sources, ManagedAccess access, List<string> dropped, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string Name, bool AllowsConnections)> databases;
        await using (var target = await sources.For(access.Connection, access.Database).OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            databases = await OwnedObjects.ElsewhereAsync(target, null, access.Principal, cancellationToken).ConfigureAwait(false);
        }
        foreach (var database in databases.Where(d => d.AllowsConnections).Select(d => d.Name))
        {
            NpgsqlConnection connection;
            try
            {
                connection = await sources.OpenUnpooledAsync(access.Connection, database, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                continue; // dropped meanwhile, and with it whatever the role had there
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException(
                    $"could not connect to database \"{database}\", where PostgreSQL role \"{access.Principal}\" still owns objects or holds privileges: {e.Message}. "
                    + "The role can no longer log in; revoking again finishes the job", e);
            }
            await using (connection)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var role = await ManagedRole.LockAndReadAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false);
                if (role is null) return;
                role.RequireManagedFor(access.GrantId);
                await ManagedRole.LockPrivilegesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                dropped.AddRange(await OwnedObjects.DropAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false));
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Terminates the role's sessions in every database of the cluster until none is left; the number of distinct sessions ended.</summary>
    private static async Task<int> TerminateSessionsAsync(NpgsqlDataSource target, ManagedAccess access, ILogger logger, CancellationToken cancellationToken)
    {
        var role = access.Principal;
        var ended = new HashSet<int>();
        for (var round = 0; round < TerminationRounds; round++)
        {
            // pg_terminate_backend sits in the select list: it runs only for rows the where clause kept, never for another role's.
            await using (var terminate = target.CreateCommand("select pid, pg_terminate_backend(pid) from pg_stat_activity where usename = $1 and pid <> pg_backend_pid()"))
            {
                terminate.Parameters.Add(new NpgsqlParameter { Value = role });
                await using var reader = await terminate.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.GetBoolean(1)) ended.Add(reader.GetInt32(0));
                }
            }
            await using var remaining = target.CreateCommand("select count(*) from pg_stat_activity where usename = $1");
            remaining.Parameters.Add(new NpgsqlParameter { Value = role });
            if ((long)(await remaining.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
            {
                if (ended.Count > 0) PostgresLogEvents.SessionsTerminated(logger, access.GrantId, role, ended.Count, round + 1);
                return ended.Count;
            }
            // A terminated backend leaves pg_stat_activity a moment later; wait on the wall clock, 10 ms doubling to 500 ms (about 5 s in all).
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10 << round, 500)), cancellationToken).ConfigureAwait(false);
        }
        PostgresLogEvents.SessionsOutlivedTermination(logger, access.GrantId, role, ended.Count, TerminationRounds);
        throw new InvalidOperationException($"sessions of PostgreSQL role \"{role}\" were still alive after {TerminationRounds} rounds of pg_terminate_backend; the role can no longer log in, and revoking again finishes the job");
    }
}
