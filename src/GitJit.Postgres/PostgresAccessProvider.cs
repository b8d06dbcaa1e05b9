using System.Security.Cryptography;
using System.Text;
using GitJit.Core.Grants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// Grants PostgreSQL access as a time-boxed LOGIN role per grant, named <c>gitjit_&lt;requester&gt;_&lt;hash of the grant id&gt;</c>
/// and marked as GitJit's by its comment. Its privileges (on the listed tables, or on the tables existing at grant time
/// in the allowed schemas, never on a denied one or anything that reads it), connection limit, statement timeout,
/// read-only default and a 5-minute idle-in-transaction timeout come from the guardrails; provisioning fails rather than
/// leave the role more than that through PUBLIC, or let it create objects anywhere it could connect. The role has no
/// password until <see cref="IssueCredentialsAsync"/>; revocation ends its sessions, drops whatever it owns in every
/// database (never handing it to anyone), then the role. Roles without GitJit's marker are never changed, listed or dropped.
/// </summary>
/// <remarks>
/// Each admin connection string (configured as <c>ConnectionStrings:&lt;name&gt;</c>) needs CREATEROLE, the right to
/// grant on the target's tables and schemas, to signal the role's backends (superuser or <c>pg_signal_backend</c>),
/// the privileges of the roles it creates (for <c>DROP OWNED</c>), and to connect to the cluster's other databases.
/// </remarks>
public sealed class PostgresAccessProvider : IAccessProvider, IAsyncDisposable, IDisposable
{
    /// <summary>The policy <c>provider</c> value this provider serves.</summary>
    public const string ProviderName = "postgres";

    private const int RequesterLength = 39;

    private readonly AdminDataSources sources;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <param name="adminConnections">Connection name (a policy's <c>target.connection</c>) → admin connection string.</param>
    /// <param name="time">The clock that decides whether a grant has expired.</param>
    /// <param name="logger">Where revocations tell the sessions they ended (events 2200, 2201); none when null.</param>
    public PostgresAccessProvider(IReadOnlyDictionary<string, string> adminConnections, TimeProvider time, ILogger<PostgresAccessProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        sources = new AdminDataSources(adminConnections);
        this.time = time;
        this.logger = logger ?? NullLogger<PostgresAccessProvider>.Instance;
    }

    public string Name => ProviderName;

    /// <summary>
    /// The grant's role name: <c>gitjit_</c>, the requester lower-cased with everything but <c>[a-z0-9]</c> as <c>_</c>
    /// (at most 39 characters, a GitHub login's limit), <c>_</c>, the first 10 hex digits of SHA-256 of the grant id.
    /// ASCII and at most 57 bytes, within PostgreSQL's 63; the same grant always gets the same name.
    /// </summary>
    internal static string RoleName(Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return RoleName(grant.Id, grant.Requester);
    }

    /// <inheritdoc cref="RoleName(Grant)"/>
    internal static string RoleName(string grantId, string requester)
    {
        var login = new StringBuilder(RequesterLength);
        foreach (var c in requester.Take(RequesterLength))
        {
            login.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : '_');
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grantId)), 0, 5);
        return $"gitjit_{login}_{hash}";
    }

    public Task<ManagedAccess> ProvisionAsync(Grant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (!string.Equals(grant.Provider, ProviderName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"grant '{grant.Id}' is for provider '{grant.Provider}', not '{ProviderName}'", nameof(grant));
        }
        return RoleProvisioning.ProvisionAsync(sources, grant, RoleName(grant), time, cancellationToken);
    }

    /// <summary>
    /// Rewrites the role's marker and <c>VALID UNTIL</c> with the new expiry, under the role's lock (so a revocation or a
    /// reveal sees the one or the other, never half). Refused for a role that is gone, not GitJit's for this grant, being
    /// revoked, or already past its expiry.
    /// </summary>
    public async Task<ManagedAccess> ExtendAsync(ManagedAccess access, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var connection = await sources.For(access.Connection, null).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var role = await ManagedRole.LockAndReadAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false)
            ?? throw new AccessRefusedException($"PostgreSQL role \"{access.Principal}\" of grant '{access.GrantId}' does not exist (revoked?)");
        var marker = role.RequireManagedFor(access.GrantId);
        if (!role.CanLogin) throw new AccessRefusedException($"PostgreSQL role \"{access.Principal}\" of grant '{access.GrantId}' is being revoked");
        if (marker.ExpiresAt <= time.GetUtcNow()) throw new AccessRefusedException($"grant '{access.GrantId}' expired at {marker.ExpiresAt:O}; nothing to extend");
        if (marker.ExpiresAt >= expiresAt) return marker.ToAccess(access.Principal);

        var extended = marker with { ExpiresAt = expiresAt.ToUniversalTime() };
        await new FormattedDdl()
            .Add("alter role %I valid until %L", access.Principal, RoleProvisioning.ValidUntil(extended.ExpiresAt))
            .Add("comment on role %I is %L", access.Principal, extended.Comment)
            .ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return extended.ToAccess(access.Principal);
    }

    public Task<Revocation> RevokeAsync(ManagedAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        return RoleRevocation.RevokeAsync(sources, access, logger, cancellationToken);
    }

    /// <summary>
    /// Every role with GitJit's marker in each configured connection's cluster whose marker names that connection, so a
    /// cluster configured under two names lists each role once.
    /// </summary>
    public async Task<IReadOnlyList<ManagedAccess>> ListAsync(CancellationToken cancellationToken)
    {
        var managed = new List<ManagedAccess>();
        foreach (var connection in sources.ConnectionNames)
        {
            await using var command = sources.For(connection, null).CreateCommand(
                "select rolname, shobj_description(oid, 'pg_authid') from pg_roles where starts_with(shobj_description(oid, 'pg_authid'), $1) order by rolname");
            command.Parameters.Add(new NpgsqlParameter { Value = RoleMarker.Prefix });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (RoleMarker.Parse(reader.GetString(1)) is { } marker && string.Equals(marker.Connection, connection, StringComparison.Ordinal))
                {
                    managed.Add(marker.ToAccess(reader.GetString(0)));
                }
            }
        }
        return managed;
    }

    /// <summary>The admin connection's TLS requirement as libpq (psql) spells it, so people connect at least as safely as GitJit does.</summary>
    private static string LibpqSslMode(SslMode mode) => mode switch
    {
        SslMode.Disable => "disable",
        SslMode.Allow => "allow",
        SslMode.Require => "require",
        SslMode.VerifyCA => "verify-ca",
        SslMode.VerifyFull => "verify-full",
        _ => "prefer",
    };

    /// <summary>Live sessions of every role GitJit manages, per target (roles with none are left out).</summary>
    public async Task<IReadOnlyList<OpenSessions>> SessionsAsync(CancellationToken cancellationToken)
    {
        var open = new List<OpenSessions>();
        foreach (var connection in sources.ConnectionNames)
        {
            await using var command = sources.For(connection, null).CreateCommand(
                "select r.rolname, shobj_description(r.oid, 'pg_authid'), count(*)::int from pg_stat_activity a join pg_roles r on r.oid = a.usesysid " +
                "where starts_with(shobj_description(r.oid, 'pg_authid'), $1) group by r.oid, r.rolname order by r.rolname");
            command.Parameters.Add(new NpgsqlParameter { Value = RoleMarker.Prefix });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (RoleMarker.Parse(reader.GetString(1)) is { } marker && string.Equals(marker.Connection, connection, StringComparison.Ordinal))
                {
                    open.Add(new OpenSessions(connection, reader.GetString(0), reader.GetInt32(2)));
                }
            }
        }
        return open;
    }

    /// <summary>
    /// Sets a new random password on the role (replacing any earlier one) and returns it with where to connect. Refused
    /// for a role GitJit does not manage for this grant, one being revoked, or one past its expiry.
    /// </summary>
    public async Task<AccessCredentials> IssueCredentialsAsync(ManagedAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var settings = sources.Settings(access.Connection);
        await using var connection = await sources.For(access.Connection, access.Database).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var role = await ManagedRole.LockAndReadAsync(connection, transaction, access.Principal, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"PostgreSQL role \"{access.Principal}\" of grant '{access.GrantId}' does not exist (revoked?)");
        var marker = role.RequireManagedFor(access.GrantId);
        if (!role.CanLogin) throw new InvalidOperationException($"PostgreSQL role \"{access.Principal}\" of grant '{access.GrantId}' is being revoked");
        if (marker.ExpiresAt <= time.GetUtcNow()) throw new InvalidOperationException($"grant '{access.GrantId}' expired at {marker.ExpiresAt:O}; no credentials");

        var password = ScramSha256.NewPassword();
        await new FormattedDdl().Add("alter role %I password %L", access.Principal, ScramSha256.Verifier(password))
            .ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AccessCredentials(settings.Host ?? "localhost", settings.Port, marker.Database, access.Principal, password, LibpqSslMode(settings.SslMode));
    }

    public ValueTask DisposeAsync() => sources.DisposeAsync();

    public void Dispose() => sources.Dispose();
}
