using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// A role as GitJit finds it, read under the role's advisory lock so that every change to one role — provisioning,
/// rotation, revocation, from any bot instance — happens one at a time. The lock is taken in its own statement: in
/// READ COMMITTED the read after it sees whatever the previous holder committed.
/// </summary>
internal sealed record ManagedRole(string Name, bool CanLogin, RoleMarker? Marker)
{
    /// <summary>Locks <paramref name="role"/> until the transaction ends; returns the role, or null when none has the name.</summary>
    public static async Task<ManagedRole?> LockAndReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, CancellationToken cancellationToken)
    {
        await using (var lockRole = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockRole.Parameters.Add(new NpgsqlParameter { Value = role });
            await lockRole.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var read = new NpgsqlCommand("select rolcanlogin, shobj_description(oid, 'pg_authid') from pg_roles where rolname = $1", connection, transaction);
        read.Parameters.Add(new NpgsqlParameter { Value = role });
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new ManagedRole(role, reader.GetBoolean(0), RoleMarker.Parse(await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(1)));
    }

    /// <summary>
    /// Orders GitJit's privilege changes on one cluster (after the role's own lock, always in that order). Two
    /// transactions granting on the same database or schema update the same catalog row, and PostgreSQL fails the
    /// second with "tuple concurrently updated" instead of waiting; this lock makes it wait.
    /// </summary>
    public static async Task LockPrivilegesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var lockPrivileges = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('gitjit:privileges'))", connection, transaction);
        await lockPrivileges.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The marker, when it names <paramref name="grantId"/>; otherwise refuses: GitJit never touches a role it does not manage.</summary>
    public RoleMarker RequireManagedFor(string grantId)
    {
        if (Marker is null)
        {
            throw new InvalidOperationException(
                $"PostgreSQL role \"{Name}\" exists but carries no GitJit marker (comment '{RoleMarker.Prefix}…'); GitJit never takes over, changes or drops a role it did not create");
        }
        if (!string.Equals(Marker.GrantId, grantId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"PostgreSQL role \"{Name}\" is managed by GitJit for grant '{Marker.GrantId}', not for '{grantId}'; refusing to touch it");
        }
        return Marker;
    }
}
