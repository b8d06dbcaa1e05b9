using GitJit.Core.Model;
using GitJit.Gateway.Sessions;
using GitJit.Server.Gateway;
using GitJit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// The gateway's logins as the server keeps them, in both storages: what a reveal saves is what the gateway finds,
/// on another instance (PostgreSQL) or after a restart (the data directory); an ending reaches every reader; and the
/// upstream password is in no row, file or log line.
/// </summary>
public sealed class GatewayLoginStoreTests
{
    private static readonly Guardrails Guarded = new() { BlockedStatements = ["drop", "truncate"], RequireWhere = true, StatementTimeout = TimeSpan.FromSeconds(30), Tables = ["public.orders"] };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASavedLogin_IsFoundByTheNextReader_UntilItEnds_AndItsUpstreamPasswordIsNowhereInClear(bool postgres)
    {
        await using var world = await FlowWorld.CreateAsync();
        var storage = postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        var settings = world.Settings(storage);
        settings["Logging:LogLevel:Default"] = "Trace";
        var logs = new LogLines();
        var upstreamPassword = "upstream-" + Guid.NewGuid().ToString("N");
        var gatewayPassword = "gateway-" + Guid.NewGuid().ToString("N");
        var login = new GatewayLogin("gitjit_alice_0123456789", ScramVerifier.Create(gatewayPassword), "acme/access#7", Guarded,
            WholeSeconds(TimeProvider.System.GetUtcNow().AddHours(1)), new UpstreamServer("db.example.test", 5433, "orders", "gitjit_alice_0123456789", upstreamPassword, UpstreamTls.Require));

        var first = await ServerUnderTest.StartAsync(settings, s => s.AddSingleton<ILoggerProvider>(logs));
        await using var stopFirst = postgres ? first : null;
        var writer = first.Services.GetRequiredService<IGatewayLoginStore>();
        await writer.SaveAsync(login, CancellationToken.None);
        Assert.Equal(postgres ? typeof(PostgresGatewayLogins) : typeof(FileGatewayLogins), writer.GetType());

        // Another instance on the same PostgreSQL; or, on one machine, the same server after a restart.
        if (!postgres) await first.DisposeAsync();
        await using var second = await ServerUnderTest.StartAsync(settings, s => s.AddSingleton<ILoggerProvider>(logs));
        var reader = second.Services.GetRequiredService<IGatewayLogins>();
        var found = await reader.FindAsync(login.User, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(login with { Guardrails = found.Guardrails }, found);
        Assert.Equal(Guarded.BlockedStatements, found.Guardrails.BlockedStatements);
        Assert.Equal((true, TimeSpan.FromSeconds(30)), (found.Guardrails.RequireWhere, found.Guardrails.StatementTimeout));
        Assert.Null(await reader.FindAsync("gitjit_nobody", CancellationToken.None));
        // A grant without a live login has ended, whether it ever had one or not: the gateway fails closed.
        Assert.Equal(["acme/access#8"], await reader.EndedAsync(["acme/access#7", "acme/access#8"], CancellationToken.None));

        var stored = postgres ? await RowsAsync(storage!) : await File.ReadAllTextAsync(Path.Combine(world.DataDirectory, "gateway", "logins.json"));
        Assert.Contains(login.User, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(upstreamPassword, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(gatewayPassword, stored, StringComparison.Ordinal);

        // Ended through the second; on PostgreSQL the first sees it at once.
        await second.Services.GetRequiredService<IGatewayLoginStore>().EndAsync("acme/access#7", TimeProvider.System.GetUtcNow(), CancellationToken.None);
        var readers = postgres ? new[] { reader, first.Services.GetRequiredService<IGatewayLogins>() } : [reader];
        if (!postgres) writer = second.Services.GetRequiredService<IGatewayLoginStore>();
        foreach (var each in readers)
        {
            Assert.Null(await each.FindAsync(login.User, CancellationToken.None));
            Assert.Equal(["acme/access#7"], await each.EndedAsync(["acme/access#7"], CancellationToken.None));
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.SaveAsync(login, CancellationToken.None));

        Assert.NotEmpty(logs.All);
        Assert.DoesNotContain(logs.All, line => line.Contains(upstreamPassword, StringComparison.Ordinal) || line.Contains(gatewayPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelKeys_AreSharedBetweenInstances_UntilForgottenOrPastTheirExpiry()
    {
        await using var world = await FlowWorld.CreateAsync();
        var storage = await TestPostgres.CreateDatabaseAsync();
        var settings = world.Settings(storage);
        await using var first = await ServerUnderTest.StartAsync(settings);
        await using var second = await ServerUnderTest.StartAsync(settings);
        IGatewayLogins sharer = first.Services.GetRequiredService<IGatewayLogins>(), finder = second.Services.GetRequiredService<IGatewayLogins>();
        var key = new SharedCancelKey(1234, -5678, "gitjit_alice_0123456789", "acme/access#7", 4321, 8765, WholeSeconds(TimeProvider.System.GetUtcNow().AddHours(1)));

        await sharer.ShareCancelKeyAsync(key, CancellationToken.None);
        Assert.Equal(key, await finder.FindCancelKeyAsync(1234, -5678, CancellationToken.None));
        Assert.Null(await finder.FindCancelKeyAsync(1234, -5677, CancellationToken.None));
        await finder.ForgetCancelKeyAsync(1234, -5678, CancellationToken.None);
        Assert.Null(await sharer.FindCancelKeyAsync(1234, -5678, CancellationToken.None));

        // A key left by a crashed instance is of no use past its grant's expiry, and goes when the next is shared.
        await sharer.ShareCancelKeyAsync(key with { ProcessId = 99, ExpiresAt = key.ExpiresAt.AddHours(-2) }, CancellationToken.None);
        Assert.Null(await finder.FindCancelKeyAsync(99, -5678, CancellationToken.None));
        await sharer.ShareCancelKeyAsync(key, CancellationToken.None);
        await using var connection = new NpgsqlConnection(storage);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {PostgresGatewayLogins.CancelKeys}", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnExpiredLogin_IsNotFound_AndItsGrantHasEnded(bool postgres)
    {
        await using var world = await FlowWorld.CreateAsync();
        var storage = postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        await using var server = await ServerUnderTest.StartAsync(world.Settings(storage));
        var logins = server.Services.GetRequiredService<IGatewayLoginStore>();
        var expired = new GatewayLogin("gitjit_alice_expired", ScramVerifier.Create("p"), "acme/access#9", Guarded, TimeProvider.System.GetUtcNow().AddSeconds(-1),
            new UpstreamServer("db.example.test", 5432, "orders", "gitjit_alice_expired", "secret"));

        await logins.SaveAsync(expired, CancellationToken.None);

        Assert.Null(await logins.FindAsync(expired.User, CancellationToken.None));
        Assert.Equal(["acme/access#9"], await logins.EndedAsync(["acme/access#9"], CancellationToken.None));
    }

    /// <summary>PostgreSQL keeps times to the microsecond (a login may end up to half of one early or late): compare at whole seconds.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>Every row of the logins table, every column, as text.</summary>
    private static async Task<string> RowsAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var select = database.CreateCommand($"select string_agg(t::text, E'\\n') from {PostgresGatewayLogins.Table} t");
        return (string)(await select.ExecuteScalarAsync())!;
    }
}
