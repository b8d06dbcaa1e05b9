using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace GitJit.Postgres.Tests;

/// <summary>
/// A fresh database on the test server with a provider whose connection <see cref="Connection"/> points at it as the
/// superuser. Roles are cluster-wide and tests run in parallel: every grant gets a unique id, and what a test's grants
/// left behind is revoked when it ends.
/// </summary>
internal sealed class TestTarget : IAsyncDisposable
{
    public const string Connection = "ORDERS_DB";

    private readonly List<string> grantIds = [];

    private TestTarget(string connectionString, string database)
    {
        ConnectionString = connectionString;
        Database = database;
        Admin = NpgsqlDataSource.Create(connectionString);
        Provider = NewProvider();
    }

    public string ConnectionString { get; }

    public string Database { get; }

    public NpgsqlDataSource Admin { get; }

    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    public PostgresAccessProvider Provider { get; }

    /// <summary>A new database on <paramref name="server"/> (by default the shared test server), set up with <paramref name="setup"/>.</summary>
    public static async Task<TestTarget> CreateAsync(string setup = "", string? server = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(server);
        var target = new TestTarget(connectionString, new NpgsqlConnectionStringBuilder(connectionString).Database!);
        if (setup.Length > 0) await target.ExecuteAsync(setup);
        return target;
    }

    /// <summary>Another provider (own data sources) on the same server, with extra connection names for it.</summary>
    public PostgresAccessProvider NewProvider(params string[] alsoNamed) =>
        new(new[] { Connection }.Concat(alsoNamed).ToDictionary(name => name, _ => ConnectionString), Time);

    public Grant NewGrant(Guardrails guardrails, string requester = "alice")
    {
        var id = Grant.IdFor($"acme/access-{Guid.NewGuid():N}", 42);
        lock (grantIds) grantIds.Add(id);
        return new Grant(id, requester, "orders-db", "read-only", "postgres", new PolicyTarget(Connection, Database), guardrails, Time.GetUtcNow().AddHours(2));
    }

    public async Task<(ManagedAccess Access, AccessCredentials Credentials)> GrantAsync(Guardrails guardrails)
    {
        var access = await Provider.ProvisionAsync(NewGrant(guardrails), CancellationToken.None);
        return (access, await Provider.IssueCredentialsAsync(access, CancellationToken.None));
    }

    /// <summary>Another new database on the same server (PUBLIC may not connect to it), set up with <paramref name="setup"/>; its admin connection string.</summary>
    public static async Task<string> OtherDatabaseAsync(string setup = "", string? server = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(server);
        if (setup.Length > 0)
        {
            await using var source = NpgsqlDataSource.Create(connectionString);
            await ExecuteAsync(source, setup);
        }
        return connectionString;
    }

    public static string DatabaseOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    /// <summary>A session as the granted role, unpooled, so closing it really ends it; in the grant's database unless <paramref name="database"/> says otherwise.</summary>
    public static async Task<NpgsqlConnection> ConnectAsync(AccessCredentials credentials, string? database = null)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = credentials.Host,
            Port = credentials.Port,
            Database = database ?? credentials.Database,
            Username = credentials.User,
            Password = credentials.Secret,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public Task ExecuteAsync(string sql) => ExecuteAsync(Admin, sql);

    public static async Task ExecuteAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Admin.CreateCommand(sql);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The SQLSTATE the statement fails with as the session's role.</summary>
    public static async Task<string> FailureAsync(NpgsqlConnection connection, string sql)
    {
        var failure = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, sql));
        return failure.SqlState;
    }

    public Task<bool> RoleExistsAsync(string role) => ScalarAsync<bool>("select exists (select from pg_roles where rolname = $1)", role);

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async ValueTask DisposeAsync()
    {
        try
        {
            string[] mine;
            lock (grantIds) mine = [.. grantIds];
            foreach (var access in (await Provider.ListAsync(CancellationToken.None)).Where(a => mine.Contains(a.GrantId)))
            {
                await Provider.RevokeAsync(access, CancellationToken.None);
            }
        }
        finally
        {
            await Provider.DisposeAsync();
            await Admin.DisposeAsync();
        }
    }
}
