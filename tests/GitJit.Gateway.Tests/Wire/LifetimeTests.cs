using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire;
using GitJit.Testing;
using GitJit.Gateway.Wire.Protocol;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>How sessions end: cancel, the grant's expiry, revocation, the gateway's shutdown, either side leaving.</summary>
public sealed class LifetimeTests
{
    [Fact]
    public async Task Cancel_ReachesTheSessionsOwnBackend_ThroughTheGatewaysKey()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var connection = await gateway.OpenAsync();
        await using var sleep = new NpgsqlCommand("select pg_sleep(30)", connection);

        var running = sleep.ExecuteNonQueryAsync();
        await GatewayHarness.EventuallyAsync(async () => await gateway.AdminScalarAsync<long>(
            $"select count(*) from pg_stat_activity where usename = '{gateway.Login.Upstream.User}' and query like 'select pg_sleep%' and state = 'active'") == 1, "the sleep runs");
        sleep.Cancel();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => running);

        Assert.Equal("57014", Assert.IsType<PostgresException>(error.InnerException ?? error).SqlState);
        await using var next = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await next.ExecuteScalarAsync());
        Assert.Single(gateway.Log.WithId(3009));
    }

    [Fact]
    public async Task Cancel_ReachingAnotherInstance_ReachesTheSessionsBackend_ThroughTheSharedKey()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        var otherLog = new RecordingLogger<GatewayServer>();
        await using var other = new GatewayServer(new GatewayOptions { Listen = "127.0.0.1:0" }, gateway.Logins, new RecordingSessionEvents(), Parser.Shared, TimeProvider.System, otherLog);
        await other.StartAsync(CancellationToken.None);
        await using var client = await RawClient.ConnectAsync(gateway);
        Assert.Equal(1, gateway.Logins.SharedCancelKeys);
        client.Out.Query("select pg_sleep(30)");
        await client.SendAsync();
        await GatewayHarness.EventuallyAsync(async () => await gateway.AdminScalarAsync<long>(
            $"select count(*) from pg_stat_activity where usename = '{gateway.Login.Upstream.User}' and query like 'select pg_sleep%' and state = 'active'") == 1, "the sleep runs");

        var (processId, secret) = client.CancelKey;
        await SendCancelAsync(other, processId, secret + 1);
        await SendCancelAsync(other, processId, secret);

        Assert.Equal("T E[57014] ZI", await client.ReadAsync());
        Assert.Single(otherLog.WithId(3009));
        await client.DisposeAsync();
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Logins.SharedCancelKeys == 0), "the ended session's key is forgotten");
    }

    [Fact]
    public async Task CancelRequests_WithMadeUpKeys_CostTheSharedStorageAtMostTwentyLookupsASecond()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateway = await GatewayHarness.StartAsync(time: time);

        for (var i = 0; i < 30; i++) await SendCancelAsync(gateway.Server, 1000 + i, 42);
        Assert.Equal(20, gateway.Logins.CancelKeyLookups);
        Assert.Single(gateway.Log.WithId(3016));

        time.Advance(TimeSpan.FromSeconds(0.5));
        for (var i = 0; i < 30; i++) await SendCancelAsync(gateway.Server, 2000 + i, 42);
        Assert.Equal(30, gateway.Logins.CancelKeyLookups);
        Assert.Equal(2, gateway.Log.WithId(3016).Count);
    }

    /// <summary>A CancelRequest on a connection of its own, as libpq sends it; returns once the gateway closed it (it has acted on it).</summary>
    private static async Task SendCancelAsync(GatewayServer server, int processId, int secret)
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(server.EndPoint);
        var stream = socket.GetStream();
        await new MessageBuilder().CancelRequest(processId, secret).SendAsync(stream, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await stream.ReadAsync(new byte[1], timeout.Token));
    }

    [Theory]
    [InlineData("select repeat('x', 1000) from generate_series(1, 200000)", 'D', false)]
    [InlineData("select repeat('x', 1000) from generate_series(1, 200000)", 'D', true)]
    [InlineData("copy (select repeat('x', 1000) from generate_series(1, 200000)) to stdout", 'd', false)]
    [InlineData("copy (select repeat('x', 1000) from generate_series(1, 200000)) to stdout", 'd', true)]
    public async Task ACutWhileAResultStreams_EndsAfterAWholeMessage_WithTheFatal57P01(string query, char streamed, bool revoked)
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateway = await GatewayHarness.StartAsync(time: time, lifetime: TimeSpan.FromHours(2));
        await using var client = await RawClient.ConnectAsync(gateway);
        client.Out.Query(query);
        await client.SendAsync();
        var seen = 0;
        while (seen < 100)
        {
            if ((await client.ReadOneAsync()).Type == streamed) seen++;
        }

        if (revoked)
        {
            // Every instance asks the shared logins about its sessions' grants each half second.
            gateway.Logins.End(gateway.Login.GrantId);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        else
        {
            time.Advance(TimeSpan.FromHours(2));
        }

        // Every message still frames (a cut mid-write would leave half a row and then garbage), up to the FATAL.
        while (true)
        {
            var (type, error) = await client.ReadOneAsync();
            if (type != 'E') continue;
            Assert.Equal("57P01", error.Code);
            Assert.Contains(revoked ? "was revoked" : "expired", error.Message, StringComparison.Ordinal);
            break;
        }
        Assert.True(await client.ClosedAsync());
    }

    [Fact]
    public async Task AtTheGrantsExpiry_TheSessionEnds_With57P01SayingSo()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateway = await GatewayHarness.StartAsync(time: time, lifetime: TimeSpan.FromHours(2));
        await using var client = await RawClient.ConnectAsync(gateway);
        client.Out.Query("select 1");
        await client.SendAsync();
        Assert.Equal("T D C ZI", await client.ReadAsync());

        time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        client.Out.Query("select 2");
        await client.SendAsync();
        Assert.Equal("T D C ZI", await client.ReadAsync());
        // The session is idle at its expiry, as sessions mostly are: its last statement told (which follows the answer).
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Events.Statements.Count >= 2), "both statements told");
        time.Advance(TimeSpan.FromSeconds(1));
        char type;
        ErrorFields error;
        try
        {
            (type, error) = await client.ReadOneAsync();
        }
        catch (EndOfStreamException)
        {
            // Seen once in a full CI run before the wait above: say what the gateway logged, to find why.
            Assert.Fail("the session closed without its FATAL; the gateway logged:\n" + string.Join("\n", gateway.Log.Entries));
            throw;
        }

        Assert.Equal('E', type);
        Assert.Equal(new ErrorFields("FATAL", "57P01", $"terminating connection: gitjit grant {gateway.Login.GrantId} expired"), error);
        Assert.True(await client.ClosedAsync());
        await GatewayHarness.EventuallyAsync(async () => await gateway.UpstreamSessionsAsync() == 0, "the upstream session ended");
    }

    [Fact]
    public async Task AGrantExtendedWhileASessionRuns_KeepsTheSessionPastTheOldExpiry_AndEndsItAtTheNewOne()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateway = await GatewayHarness.StartAsync(time: time, lifetime: TimeSpan.FromHours(2));
        await using var client = await RawClient.ConnectAsync(gateway);
        client.Out.Query("select 1");
        await client.SendAsync();
        Assert.Equal("T D C ZI", await client.ReadAsync());

        // The grant is extended by an hour: its login now expires later; the session's own timer still says the old time.
        gateway.Logins.Add(gateway.Login with { ExpiresAt = gateway.Login.ExpiresAt + TimeSpan.FromHours(1) });
        time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Log.WithId(3017).Count == 1), "the extension seen");
        client.Out.Query("select 2");
        await client.SendAsync();
        Assert.Equal("T D C ZI", await client.ReadAsync());
        Assert.Empty(gateway.Events.EndedSessions);

        time.Advance(TimeSpan.FromHours(1));
        var (type, error) = await client.ReadOneAsync();
        Assert.Equal('E', type);
        Assert.Equal(new ErrorFields("FATAL", "57P01", $"terminating connection: gitjit grant {gateway.Login.GrantId} expired"), error);
        Assert.True(await client.ClosedAsync());
    }

    [Fact]
    public async Task AtTheExpiry_WhenTheLoginsCannotSayWhetherTheGrantWasExtended_TheSessionEnds()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateway = await GatewayHarness.StartAsync(time: time, lifetime: TimeSpan.FromHours(2));
        await using var client = await RawClient.ConnectAsync(gateway);
        client.Out.Query("select 1");
        await client.SendAsync();
        Assert.Equal("T D C ZI", await client.ReadAsync());

        gateway.Logins.Add(gateway.Login with { ExpiresAt = gateway.Login.ExpiresAt + TimeSpan.FromHours(1) });
        gateway.Logins.FindFails = true;
        time.Advance(TimeSpan.FromHours(2));

        var (type, error) = await client.ReadOneAsync();
        Assert.Equal('E', type);
        Assert.Equal(new ErrorFields("FATAL", "57P01", $"terminating connection: gitjit grant {gateway.Login.GrantId} expired"), error);
        Assert.Single(gateway.Log.WithId(3018));
    }

    [Fact]
    public async Task WhenTheGrantIsRevoked_EverySessionOfItEnds_WithinASecond()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var first = await gateway.OpenAsync();
        await using var second = await gateway.OpenAsync();

        var started = TimeProvider.System.GetTimestamp();
        gateway.Logins.End(gateway.Login.GrantId);
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Events.EndedSessions.Count == 2), "both sessions ended", seconds: 3);
        var took = TimeProvider.System.GetElapsedTime(started);

        Assert.True(took < TimeSpan.FromSeconds(1.5), $"took {took}");
        Assert.All(gateway.Events.EndedSessions, e => Assert.Equal($"terminating connection: gitjit grant {gateway.Login.GrantId} was revoked", e.Reason));
        await using var after = new NpgsqlCommand("select 1", first);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => after.ExecuteScalarAsync());
        await using var again = new NpgsqlConnection(gateway.ConnectionString());
        Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(() => again.OpenAsync())).SqlState);
    }

    [Fact]
    public async Task Disposing_TheGateway_EndsEverySession_AsShuttingDown()
    {
        var gateway = await GatewayHarness.StartAsync();
        await using var client = await RawClient.ConnectAsync(gateway);
        await using var driver = await gateway.OpenAsync();

        await gateway.DisposeAsync();
        var (type, error) = await client.ReadOneAsync();

        Assert.Equal('E', type);
        Assert.Equal(new ErrorFields("FATAL", "57P01", GatewayServer.ShuttingDown), error);
        Assert.True(await client.ClosedAsync());
        await using var after = new NpgsqlCommand("select 1", driver);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => after.ExecuteScalarAsync());
        Assert.All(gateway.Events.EndedSessions, e => Assert.Equal(GatewayServer.ShuttingDown, e.Reason));
        Assert.Equal(2, gateway.Events.EndedSessions.Count);
        Assert.Equal(0, gateway.Server.ConnectionCount);
        await gateway.DisposeAsync();
    }

    [Fact]
    public async Task ManySessions_OpenedAndClosed_LeaveNoSocketTaskOrKeyBehind()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        var connections = new List<NpgsqlConnection>();
        for (var i = 0; i < 20; i++)
        {
            connections.Add(await gateway.OpenAsync());
        }
        // A client has its ReadyForQuery a moment before the gateway lists the session it runs on.
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Server.SessionCount == 20), "twenty sessions listed");
        Assert.Equal(20, await gateway.UpstreamSessionsAsync());
        foreach (var connection in connections[..10])
        {
            await connection.DisposeAsync();
        }
        await using (var admin = new NpgsqlConnection(gateway.Admin))
        {
            // The other ten lose their server side: the gateway closes their clients.
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand($"select count(pg_terminate_backend(pid)) from pg_stat_activity where usename = '{gateway.Login.Upstream.User}'", admin);
            await kill.ExecuteScalarAsync();
        }

        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Server.ConnectionCount == 0), "every connection closed");
        Assert.Equal(0, gateway.Server.SessionCount);
        Assert.Equal(0, gateway.Server.CancelKeyCount);
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Events.EndedSessions.Count == 20), "every end told");
        await GatewayHarness.EventuallyAsync(async () => await gateway.UpstreamSessionsAsync() == 0, "no upstream session left");
        foreach (var connection in connections[10..])
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task AUniqueLiteral_NeverAppears_InAnyEventOrLogLine()
    {
        const string Literal = "Lit3ral-7f3a9c";
        await using var gateway = await GatewayHarness.StartAsync();
        await using (var connection = await gateway.OpenAsync())
        {
            string[] statements =
            [
                $"select '{Literal}'",
                $"insert into orders values (77, '{Literal}')",
                $"update orders set note = '{Literal}' where id = 77",
                $"select * from orders where note = $q${Literal}$q$",
                $"delete from orders /* {Literal} */",
                $"select * from secrets where value = '{Literal}'",
                $"select * from no_table_{Literal.Replace('-', '_')}",
                $"select '{Literal}",
            ];
            foreach (var sql in statements)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                try
                {
                    await command.ExecuteNonQueryAsync();
                }
                catch (PostgresException)
                {
                }
            }
        }
        // The same through the simple query protocol, several statements to a string.
        var psql = await Tool.RunAsync("/usr/bin/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-h", "127.0.0.1", "-p", gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", gateway.Login.User, "-d", "orders"],
            new Dictionary<string, string> { ["PGPASSWORD"] = GatewayHarness.Password, ["PGCLIENTENCODING"] = "UTF8" },
            $"select '{Literal}' \\; select E'{Literal}\\n', U&'{Literal}';\nupdate orders set note = $${Literal}$$ \\; delete from orders;\nselect * from secrets where value = '{Literal}';\n");
        Assert.Contains("refused by guardrail requireWhere", psql.Error, StringComparison.Ordinal);
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Events.EndedSessions.Count == 2), "both sessions ended");

        Assert.Contains(gateway.Events.Statements, s => s is { Text: "select $1, $2", Outcome: StatementOutcome.Ok });
        Assert.Contains(gateway.Events.Statements, s => s is { Text: "update orders set note = $1", Outcome: StatementOutcome.Refused });
        Assert.True(gateway.Events.Statements.Count >= 7, $"{gateway.Events.Statements.Count} statement events");
        Assert.Contains(gateway.Events.Statements, s => s.Outcome == StatementOutcome.Refused);
        Assert.All(gateway.Events.AllText(), text => Assert.DoesNotContain(Literal, text, StringComparison.OrdinalIgnoreCase));
        Assert.All(gateway.Log.Entries, e =>
        {
            Assert.DoesNotContain(Literal, e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.All(e.Fields.Values, v => Assert.DoesNotContain(Literal, v?.ToString() ?? "", StringComparison.OrdinalIgnoreCase));
        });
    }
}
