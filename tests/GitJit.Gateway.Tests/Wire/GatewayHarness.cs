using System.Diagnostics;
using GitJit.Core.Model;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire;
using GitJit.Testing;
using Npgsql;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>
/// A gateway on 127.0.0.1:0 in front of a database of its own on the test server, with a LOGIN role as the grant's
/// role (tables <c>public.orders</c> and <c>public.secrets</c>, both writable by it) and one gateway login for it.
/// </summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public const string Password = "gateway-password-1";

    private static int grants;

    private GatewayHarness(string admin, GatewayLogin login, GatewayServer server, InMemoryLogins logins, RecordingSessionEvents events, RecordingLogger<GatewayServer> log)
    {
        Admin = admin;
        Login = login;
        Server = server;
        Logins = logins;
        Events = events;
        Log = log;
    }

    public static readonly Guardrails DefaultGuardrails = new()
    {
        BlockedStatements = ["drop", "truncate", "alter", "grant", "revoke"],
        RequireWhere = true,
        DeniedTables = ["public.secrets"],
    };

    /// <summary>The superuser's connection string to the test database.</summary>
    public string Admin { get; }

    public GatewayLogin Login { get; }

    public GatewayServer Server { get; }

    public InMemoryLogins Logins { get; }

    public RecordingSessionEvents Events { get; }

    public RecordingLogger<GatewayServer> Log { get; }

    public static async Task<GatewayHarness> StartAsync(Guardrails? guardrails = null, GatewayOptions? options = null, TimeProvider? time = null, TimeSpan? lifetime = null)
    {
        time ??= TimeProvider.System;
        var admin = await TestPostgres.CreateDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(admin);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var role = "gw_role_" + suffix;
        var rolePassword = "role-" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var setup = new NpgsqlCommand($"""
                create role {role} login password '{rolePassword}';
                grant connect on database "{builder.Database}" to {role};
                create table public.orders (id int primary key, note text);
                create table public.secrets (id int primary key, value text);
                insert into public.orders select i, 'order ' || i from generate_series(1, 10) i;
                insert into public.secrets values (1, 'hidden');
                grant select, insert, update, delete on public.orders, public.secrets to {role};
                """, connection);
            await setup.ExecuteNonQueryAsync();
        }
        var grant = $"acme/access#{Interlocked.Increment(ref grants)}";
        var login = new GatewayLogin("gw_login_" + suffix, ScramVerifier.Create(Password), grant, guardrails ?? DefaultGuardrails, time.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1)),
            new UpstreamServer(builder.Host!, builder.Port, builder.Database!, role, rolePassword));
        var logins = new InMemoryLogins();
        logins.Add(login);
        var events = new RecordingSessionEvents();
        var log = new RecordingLogger<GatewayServer>();
        options ??= new GatewayOptions();
        options.Listen ??= "127.0.0.1:0";
        var server = new GatewayServer(options, logins, events, Parser.Shared, time, log);
        await server.StartAsync(CancellationToken.None);
        return new GatewayHarness(admin, login, server, logins, events, log);
    }

    public int Port => Server.EndPoint.Port;

    /// <summary>A connection string through the gateway, without pooling (each connection is a real session).</summary>
    public string ConnectionString(string? password = null, string? user = null, string extra = "") =>
        $"Host=127.0.0.1;Port={Port};Username={user ?? Login.User};Password={password ?? Password};Database=anything;Pooling=false;SSL Mode=Disable;Timeout=10;Command Timeout=20;{extra}";

    public async Task<NpgsqlConnection> OpenAsync(string extra = "")
    {
        var connection = new NpgsqlConnection(ConnectionString(extra: extra));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A scalar read by the superuser, past the gateway.</summary>
    public async Task<T> AdminScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The upstream sessions of the grant's role, as the server sees them.</summary>
    public Task<long> UpstreamSessionsAsync() => AdminScalarAsync<long>($"select count(*) from pg_stat_activity where usename = '{Login.Upstream.User}'");

    /// <summary>Waits until <paramref name="condition"/> holds, for at most <paramref name="seconds"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 10)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started).TotalSeconds > seconds) Assert.Fail($"not within {seconds} s: {what}");
            await Task.Delay(25);
        }
    }

    /// <summary>The first statement event matching <paramref name="match"/>, once told (events come after the client's answer).</summary>
    public async Task<StatementEvent> LoggedAsync(Func<StatementEvent, bool> match)
    {
        await EventuallyAsync(() => Task.FromResult(Events.Statements.Any(match)), "a matching statement event");
        return Events.Statements.First(match);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
