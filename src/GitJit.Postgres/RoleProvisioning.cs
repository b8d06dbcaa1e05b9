using System.Globalization;
using GitJit.Core.Grants;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// Creates a grant's role in one transaction on the target database, under the role's advisory lock: the role with no
/// password yet, its marker, its settings, its privileges, then the leak checks (<see cref="PrivilegeLeaks"/>,
/// <see cref="CreatePrivileges"/>). Any failure rolls all of it back, so a role either exists complete or not at all.
/// Default privileges are never altered: tables created later stay closed.
/// </summary>
internal static class RoleProvisioning
{
    /// <summary>Sessions idle inside an open transaction longer than this are ended, so a forgotten session does not hold locks for hours.</summary>
    public static readonly TimeSpan IdleInTransactionTimeout = TimeSpan.FromMinutes(5);

    public static async Task<ManagedAccess> ProvisionAsync(AdminDataSources sources, Grant grant, string role, TimeProvider time, CancellationToken cancellationToken)
    {
        var plan = AccessPlan.From(grant.Guardrails);
        await using var connection = await sources.For(grant.Target.Connection, grant.Target.Database).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        string database;
        await using (var current = new NpgsqlCommand("select current_database()", connection, transaction))
        {
            database = (string)(await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        if (await ManagedRole.LockAndReadAsync(connection, transaction, role, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            // Roles belong to the cluster, not a database: the same grant id elsewhere on it (another database, another
            // GitJit) is a different grant, never this one's access to hand back.
            var held = existing.RequireManagedFor(grant.Id);
            if (!string.Equals(held.Database, database, StringComparison.Ordinal) || !string.Equals(held.Connection, grant.Target.Connection, StringComparison.Ordinal))
            {
                throw new AccessRefusedException(
                    $"PostgreSQL role \"{role}\" already holds grant '{grant.Id}' for {held.Connection}/{held.Database}, not {grant.Target.Connection}/{database}; refusing to reuse it");
            }
            return held.ToAccess(role);
        }
        if (grant.ExpiresAt <= time.GetUtcNow())
        {
            throw new AccessRefusedException($"grant '{grant.Id}' expired at {grant.ExpiresAt:O}; nothing to provision");
        }

        // Before the privileges lock: this visits the cluster's other databases.
        var createElsewhere = await CreatePrivileges.ElsewhereAsync(connection, transaction, sources, grant.Target.Connection, cancellationToken).ConfigureAwait(false);
        var marker = new RoleMarker(grant.Id, grant.ExpiresAt.ToUniversalTime(), grant.Target.Connection, database, grant.Requester, grant.RequesterId,
            GuardrailsDigest.Of(grant.Guardrails));
        var tables = await TargetTables.AllowedAsync(connection, transaction, plan, cancellationToken).ConfigureAwait(false);
        await ManagedRole.LockPrivilegesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await Script(role, marker, plan, tables).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await PrivilegeLeaks.ThrowIfAnyAsync(connection, transaction, role, plan, tables, cancellationToken).ConfigureAwait(false);
        await CreatePrivileges.ThrowIfAnyAsync(connection, transaction, role, createElsewhere, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return marker.ToAccess(role);
    }

    private static FormattedDdl Script(string role, RoleMarker marker, AccessPlan plan, IReadOnlyList<QualifiedTable> tables)
    {
        // VALID UNTIL only bounds password logins and is a backstop: revocation never relies on it.
        var ddl = new FormattedDdl()
            .Add("create role %I login password null valid until %L connection limit %s noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls",
                role, ValidUntil(marker.ExpiresAt), plan.ConnectionLimit)
            .Add("comment on role %I is %L", role, marker.Comment)
            .Add("alter role %I set idle_in_transaction_session_timeout = %L", role, Milliseconds(IdleInTransactionTimeout))
            .Add("grant connect on database %I to %I", marker.Database, role);
        if (plan.StatementTimeoutMilliseconds is { } timeout)
        {
            ddl.Add("alter role %I set statement_timeout = %L", role, timeout.ToString(CultureInfo.InvariantCulture));
        }
        if (plan.ReadOnly) ddl.Add("alter role %I set default_transaction_read_only = on", role);
        foreach (var schema in plan.Schemas.Concat(tables.Select(t => t.Schema)).Distinct(StringComparer.Ordinal))
        {
            ddl.Add("grant usage on schema %I to %I", schema, role);
        }
        if (plan.Privileges.Count > 0)
        {
            // The privilege keywords come from AccessPlan's closed list, never from the grant's text.
            var grant = $"grant {string.Join(", ", plan.Privileges)} on table %I.%I to %I";
            foreach (var table in tables) ddl.Add(grant, table.Schema, table.Name, role);
        }
        return ddl;
    }

    /// <summary>An expiry as <c>VALID UNTIL</c> takes it: UTC, to the microsecond.</summary>
    internal static string ValidUntil(DateTimeOffset expiresAt) => expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
