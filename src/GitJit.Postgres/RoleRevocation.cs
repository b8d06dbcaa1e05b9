using GitJit.Core.Grants;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// Removes a grant's role: first NOLOGIN, committed, so no new session can start; then every live session of the role
/// is terminated, checking until none is left; then, in one transaction, what the role owns in the target database is
/// reassigned to the admin, its privileges are dropped and the role with them. Each step is safe to run again, so a
/// revocation interrupted anywhere is finished by the next attempt.
/// </summary>
internal static class RoleRevocation
{
    private const int TerminationRounds = 15;

    public static async Task<Revocation> RevokeAsync(NpgsqlDataSource target, ManagedAccess access, CancellationToken cancellationToken)
    {
        var role = access.Principal;
        if (!await ChangeAsync(target, access, new FormattedDdl().Add("alter role %I nologin", role), cancellationToken).ConfigureAwait(false))
        {
            return new Revocation(false, 0);
        }
        var ended = await TerminateSessionsAsync(target, role, cancellationToken).ConfigureAwait(false);
        await ChangeAsync(target, access,
            new FormattedDdl()
                .Add("reassign owned by %I to current_user", role)
                .Add("drop owned by %I", role)
                .Add("drop role %I", role),
            cancellationToken).ConfigureAwait(false);
        return new Revocation(true, ended);
    }

    /// <summary>Runs <paramref name="ddl"/> when the role exists and is the access's; false when there is no such role.</summary>
    private static async Task<bool> ChangeAsync(NpgsqlDataSource target, ManagedAccess access, FormattedDdl ddl, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var role = await ManagedRole.LockAndReadAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false);
        if (role is null) return false;
        role.RequireManagedFor(access.GrantId);
        await ManagedRole.LockPrivilegesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ddl.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Terminates the role's sessions in every database of the cluster until none is left; the number of distinct sessions ended.</summary>
    private static async Task<int> TerminateSessionsAsync(NpgsqlDataSource target, string role, CancellationToken cancellationToken)
    {
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
            if ((long)(await remaining.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0) return ended.Count;
            // A terminated backend leaves pg_stat_activity a moment later; wait on the wall clock, 10 ms doubling to 500 ms (about 5 s in all).
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10 << round, 500)), cancellationToken).ConfigureAwait(false);
        }
        throw new InvalidOperationException($"sessions of PostgreSQL role \"{role}\" were still alive after {TerminationRounds} rounds of pg_terminate_backend; the role can no longer log in, and revoking again finishes the job");
    }
}
