using GitJit.Gateway.Sessions;
using GitJit.Server.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace GitJit.Server.Gateway;

/// <summary>
/// The gateway's logins in GitJit's PostgreSQL, table <c>gitjit_gateway_logins</c>, shared by every instance: a login
/// saved through one instance's page logs in through any gateway instance, and an ending reaches all of them. The
/// upstream password is stored encrypted (<see cref="UpstreamSecrets"/>), and blanked when the login ends; the gateway
/// password only as its verifier. Expiry is judged by this process's clock, not the database's. Sessions' cancel
/// keys are shared in <c>gitjit_gateway_cancel_keys</c>, so a CancelRequest works whichever instance it reaches.
/// </summary>
public sealed class PostgresGatewayLogins : IGatewayLoginStore
{
    internal const string Table = "gitjit_gateway_logins";
    internal const string CancelKeys = "gitjit_gateway_cancel_keys";

    /// <summary>Logins that ended longer ago than this are deleted when another is saved.</summary>
    internal static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private const string Columns = "login_user, grant_id, guardrails, expires_at, verifier, upstream_host, upstream_port, upstream_database, upstream_role, upstream_tls, upstream_password";

    private readonly NpgsqlDataSource database;
    private readonly UpstreamSecrets secrets;
    private readonly TimeProvider time;
    private readonly Lazy<Task> created;

    public PostgresGatewayLogins(NpgsqlDataSource database, UpstreamSecrets secrets, TimeProvider time)
    {
        this.database = database;
        this.secrets = secrets;
        this.time = time;
        created = new(() => CreateTableAsync(database));
    }

    public async Task SaveAsync(GatewayLogin login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        await created.Value.ConfigureAwait(false);
        var upstream = login.Upstream;
        await using var batch = database.CreateBatch();
        var upsert = new NpgsqlBatchCommand(
            $"insert into {Table} ({Columns}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) " +
            "on conflict (login_user) do update set grant_id = excluded.grant_id, guardrails = excluded.guardrails, expires_at = excluded.expires_at, " +
            "verifier = excluded.verifier, upstream_host = excluded.upstream_host, upstream_port = excluded.upstream_port, " +
            "upstream_database = excluded.upstream_database, upstream_role = excluded.upstream_role, upstream_tls = excluded.upstream_tls, " +
            $"upstream_password = excluded.upstream_password, issued_at = now() where {Table}.ended_at is null");
        upsert.Parameters.Add(new NpgsqlParameter { Value = login.User });
        upsert.Parameters.Add(new NpgsqlParameter { Value = login.GrantId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = GatewayLoginJson.Write(login.Guardrails), NpgsqlDbType = NpgsqlDbType.Jsonb });
        upsert.Parameters.Add(new NpgsqlParameter { Value = login.ExpiresAt });
        upsert.Parameters.Add(new NpgsqlParameter { Value = login.Verifier.ToString() });
        upsert.Parameters.Add(new NpgsqlParameter { Value = upstream.Host });
        upsert.Parameters.Add(new NpgsqlParameter { Value = upstream.Port });
        upsert.Parameters.Add(new NpgsqlParameter { Value = upstream.Database });
        upsert.Parameters.Add(new NpgsqlParameter { Value = upstream.User });
        upsert.Parameters.Add(new NpgsqlParameter { Value = upstream.Tls.ToString() });
        upsert.Parameters.Add(new NpgsqlParameter { Value = secrets.Protect(upstream.Password) });
        batch.BatchCommands.Add(upsert);
        var prune = new NpgsqlBatchCommand($"delete from {Table} where coalesce(ended_at, expires_at) < $1");
        prune.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() - Retention });
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (upsert.RecordsAffected != 1) throw new InvalidOperationException($"the gateway login of grant '{login.GrantId}' has ended; it is not issued again");
    }

    public async Task EndAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await using var end = database.CreateCommand($"update {Table} set ended_at = coalesce(ended_at, $2), upstream_password = '' where grant_id = $1");
        end.Parameters.Add(new NpgsqlParameter { Value = grantId });
        end.Parameters.Add(new NpgsqlParameter { Value = at });
        await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ExtendAsync(string grantId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await using var batch = database.CreateBatch();
        foreach (var sql in new[]
        {
            $"update {Table} set expires_at = $2 where grant_id = $1 and ended_at is null and expires_at < $2",
            $"update {CancelKeys} set expires_at = $2 where grant_id = $1 and expires_at < $2",
        })
        {
            var update = new NpgsqlBatchCommand(sql);
            update.Parameters.Add(new NpgsqlParameter { Value = grantId });
            update.Parameters.Add(new NpgsqlParameter { Value = expiresAt });
            batch.BatchCommands.Add(update);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<GatewayLogin?> FindAsync(string user, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await using var select = database.CreateCommand($"select {Columns} from {Table} where login_user = $1 and ended_at is null and expires_at > $2");
        select.Parameters.Add(new NpgsqlParameter { Value = user });
        select.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        if (ScramVerifier.Parse(reader.GetString(4)) is not { } verifier) return null;
        if (secrets.Unprotect(reader.GetString(10)) is not { } password) return null;
        if (!Enum.TryParse<UpstreamTls>(reader.GetString(9), out var tls)) return null;
        return new GatewayLogin(reader.GetString(0), verifier, reader.GetString(1), GatewayLoginJson.Read(reader.GetString(2)),
            await reader.GetFieldValueAsync<DateTimeOffset>(3, cancellationToken).ConfigureAwait(false),
            new UpstreamServer(reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetString(8), password, tls));
    }

    /// <summary>One query: every asked grant without a live login has ended (fail closed: a login deleted, or never known, is over).</summary>
    public async Task<IReadOnlyCollection<string>> EndedAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantIds);
        if (grantIds.Count == 0) return [];
        await created.Value.ConfigureAwait(false);
        await using var select = database.CreateCommand($"select distinct grant_id from {Table} where grant_id = any($1) and ended_at is null and expires_at > $2");
        select.Parameters.Add(new NpgsqlParameter { Value = grantIds.ToArray() });
        select.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        var live = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) live.Add(reader.GetString(0));
        }
        return [.. grantIds.Where(id => !live.Contains(id)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Shares a session's cancel key; keys of grants past their expiry (left by a crashed instance) go at the same time.</summary>
    public async Task ShareCancelKeyAsync(SharedCancelKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await created.Value.ConfigureAwait(false);
        await using var batch = database.CreateBatch();
        var insert = new NpgsqlBatchCommand(
            $"insert into {CancelKeys} (process_id, secret, login_user, grant_id, upstream_process_id, upstream_secret, expires_at) values ($1, $2, $3, $4, $5, $6, $7) " +
            "on conflict (process_id, secret) do nothing");
        foreach (var value in new object[] { key.ProcessId, key.Secret, key.User, key.GrantId, key.UpstreamProcessId, key.UpstreamSecret, key.ExpiresAt })
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        batch.BatchCommands.Add(insert);
        var prune = new NpgsqlBatchCommand($"delete from {CancelKeys} where expires_at < $1");
        prune.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SharedCancelKey?> FindCancelKeyAsync(int processId, int secret, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await using var select = database.CreateCommand(
            $"select login_user, grant_id, upstream_process_id, upstream_secret, expires_at from {CancelKeys} where process_id = $1 and secret = $2 and expires_at > $3");
        select.Parameters.Add(new NpgsqlParameter { Value = processId });
        select.Parameters.Add(new NpgsqlParameter { Value = secret });
        select.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new SharedCancelKey(processId, secret, reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
            await reader.GetFieldValueAsync<DateTimeOffset>(4, cancellationToken).ConfigureAwait(false));
    }

    public async Task ForgetCancelKeyAsync(int processId, int secret, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await using var delete = database.CreateCommand($"delete from {CancelKeys} where process_id = $1 and secret = $2");
        delete.Parameters.Add(new NpgsqlParameter { Value = processId });
        delete.Parameters.Add(new NpgsqlParameter { Value = secret });
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task CreateTableAsync(NpgsqlDataSource database) => PostgresTables.CreateAsync(database, Table,
        $"""
            create table if not exists {Table} (
                login_user text primary key,
                grant_id text not null,
                guardrails jsonb not null,
                expires_at timestamptz not null,
                ended_at timestamptz,
                verifier text not null,
                upstream_host text not null,
                upstream_port int not null,
                upstream_database text not null,
                upstream_role text not null,
                upstream_tls text not null,
                upstream_password text not null,
                issued_at timestamptz not null default now());
            create index if not exists {Table}_grant on {Table} (grant_id);
            create table if not exists {CancelKeys} (
                process_id int not null,
                secret int not null,
                login_user text not null,
                grant_id text not null,
                upstream_process_id int not null,
                upstream_secret int not null,
                expires_at timestamptz not null,
                primary key (process_id, secret));
            """);
}
