using GitJit.Gateway.Sessions;
using Npgsql;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>libpq's own tools through the gateway: psql (simple query protocol, COPY) and pgbench in every query mode.</summary>
public sealed class ClientToolTests
{
    [Fact]
    public async Task Psql_Script_RunsAllowedStatements_RefusesOthers_AndKeepsTransactionStatusTrue()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        const string Script = """
            select 'count', count(*) from orders;
            delete from orders;
            select 'after refusal', count(*) from orders;
            begin;
            insert into orders values (500, 'in the block');
            delete from orders;
            select 'in the failed block';
            commit;
            select 'rolled back', count(*) from orders where id = 500;
            select 'multi', 1 \; delete from orders \; select 'never';
            select 'dollar', $x$ ; $x$ from orders where id = 1 \; drop table orders;
            select 'deny' -- ;
              , * from secrets;
            \copy orders (id, note) from stdin
            600	copied in
            601	copied too
            \.
            \copy (select id from orders where id >= 600 order by id) to stdout
            select 'end', count(*) from orders;
            """;

        var (exit, output, error) = await Tool.RunAsync("/usr/bin/psql",
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=0", "-h", "127.0.0.1", "-p", gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", gateway.Login.User, "-d", "orders"],
            new Dictionary<string, string> { ["PGPASSWORD"] = GatewayHarness.Password, ["PGCLIENTENCODING"] = "UTF8", ["PGSSLMODE"] = "prefer" }, Script);

        Assert.Equal(0, exit);
        Assert.Equal(
            ["count|10", "after refusal|10", "rolled back|0", "600", "601", "end|12"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l != "ROLLBACK"));
        var errors = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("ERROR:", StringComparison.Ordinal)).ToList();
        Assert.Collection(errors,
            e => Assert.Contains("refused by guardrail requireWhere", e, StringComparison.Ordinal),
            e => Assert.Contains("refused by guardrail requireWhere", e, StringComparison.Ordinal),
            e => Assert.Contains("current transaction is aborted", e, StringComparison.Ordinal),
            e => Assert.Contains("refused by guardrail requireWhere", e, StringComparison.Ordinal),
            e => Assert.Contains("refused by guardrail blockedStatements", e, StringComparison.Ordinal),
            e => Assert.Contains("refused by guardrail deniedTables", e, StringComparison.Ordinal));
        Assert.DoesNotContain("never", output, StringComparison.Ordinal);
        Assert.DoesNotContain("multi", output, StringComparison.Ordinal);
        await gateway.LoggedAsync(s => s is { Kind: "copy", Rows: 2, Outcome: StatementOutcome.Ok });
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("extended")]
    [InlineData("prepared")]
    public async Task Pgbench_SelectOnly_RunsThroughTheGateway(string mode)
    {
        await using var gateway = await GatewayHarness.StartAsync();
        var admin = new NpgsqlConnectionStringBuilder(gateway.Admin);
        var adminEnvironment = new Dictionary<string, string> { ["PGPASSWORD"] = admin.Password!, ["PGHOST"] = admin.Host!, ["PGPORT"] = admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["PGUSER"] = admin.Username!, ["PGDATABASE"] = admin.Database! };
        var init = await Tool.RunAsync("/usr/bin/pgbench", ["-i", "-s", "1", "-q"], adminEnvironment);
        Assert.True(init.ExitCode == 0, init.Error);
        await using (var connection = new NpgsqlConnection(gateway.Admin))
        {
            await connection.OpenAsync();
            await using var grant = new NpgsqlCommand($"grant select on pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history to {gateway.Login.Upstream.User}", connection);
            await grant.ExecuteNonQueryAsync();
        }

        var (exit, output, error) = await Tool.RunAsync("/usr/bin/pgbench",
            ["-n", "-S", "-M", mode, "-c", "2", "-t", "200", "-h", "127.0.0.1", "-p", gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", gateway.Login.User, "orders"],
            new Dictionary<string, string> { ["PGPASSWORD"] = GatewayHarness.Password, ["PGCLIENTENCODING"] = "UTF8" });

        Assert.True(exit == 0, output + error);
        Assert.Contains("number of transactions actually processed: 400/400", output, StringComparison.Ordinal);
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Server.ConnectionCount == 0), "pgbench's sessions ended");
        Assert.DoesNotContain(gateway.Events.Statements, s => s.Outcome != StatementOutcome.Ok);
        Assert.True(gateway.Events.Statements.Count(s => s.Kind == "select") >= 400);
    }
}
