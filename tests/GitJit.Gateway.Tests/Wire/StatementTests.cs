using GitJit.Gateway.Sessions;
using Npgsql;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>Statements through the gateway with Npgsql (extended protocol): allowed ones run, refused ones never reach the server.</summary>
public sealed class StatementTests
{
    [Fact]
    public async Task AllowedStatements_RunUpstream_AsTheGrantsRole_AndAreLogged()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using (var connection = await gateway.OpenAsync())
        {
            await using var who = new NpgsqlCommand("select current_user", connection);
            Assert.Equal(gateway.Login.Upstream.User, await who.ExecuteScalarAsync());

            await using var insert = new NpgsqlCommand("insert into orders values (@id, @note)", connection);
            insert.Parameters.AddWithValue("id", 100);
            insert.Parameters.AddWithValue("note", "new");
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());

            await using var count = new NpgsqlCommand("select count(*) from orders where id > $1", connection);
            count.Parameters.AddWithValue(5);
            Assert.Equal(6L, await count.ExecuteScalarAsync());
        }

        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Events.EndedSessions.Count == 1), "the session ended");
        var statements = gateway.Events.Statements;
        var insertEvent = Assert.Single(statements, s => s.Kind == "insert");
        Assert.Equal(StatementOutcome.Ok, insertEvent.Outcome);
        Assert.Equal(1, insertEvent.Rows);
        Assert.Equal("insert into orders values ($1, $2)", insertEvent.Text);
        Assert.Matches("^[0-9a-f]{16}$", insertEvent.Fingerprint);
        var countEvent = Assert.Single(statements, s => s.Text == "select count(*) from orders where id > $1");
        Assert.Equal(1, countEvent.Rows);
        Assert.Single(gateway.Events.StartedSessions);
    }

    [Theory]
    [InlineData("delete from orders", "requireWhere")]
    [InlineData("delete /* where id = 1 */ from orders", "requireWhere")]
    [InlineData("with d as (delete from orders returning *) select count(*) from d", "requireWhere")]
    [InlineData("select * from secrets", "deniedTables")]
    [InlineData("select * from public.\"secrets\"", "deniedTables")]
    [InlineData("select $$ where $$, * from secrets", "deniedTables")]
    [InlineData("drop table orders", "blockedStatements")]
    [InlineData("truncate orders", "blockedStatements")]
    [InlineData("set role postgres", "gateway")]
    [InlineData("select pg_read_file($$/etc/passwd$$)", "gateway")]
    [InlineData("select lo_import($$/etc/passwd$$)", "gateway")]
    [InlineData("prepare p as delete from orders", "requireWhere")]
    public async Task RefusedStatement_IsA42501NamingTheGuardrailAndGrant_AndTheSessionGoesOn(string sql, string guardrail)
    {
        await using var gateway = await GatewayHarness.StartAsync(GatewayHarness.DefaultGuardrails with { });
        await using var connection = await gateway.OpenAsync();

        await using var refused = new NpgsqlCommand(sql, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteNonQueryAsync());

        Assert.Equal("42501", error.SqlState);
        Assert.StartsWith($"gitjit gateway: refused by guardrail {guardrail} (grant {gateway.Login.GrantId}): ", error.MessageText, StringComparison.Ordinal);
        await using var next = new NpgsqlCommand("select count(*) from orders", connection);
        Assert.Equal(10L, await next.ExecuteScalarAsync());
        Assert.Equal(10L, await gateway.AdminScalarAsync<long>("select count(*) from orders"));
        await gateway.LoggedAsync(s => s.Outcome == StatementOutcome.Refused && s.Guardrail == guardrail && s.SqlState == "42501");
    }

    [Fact]
    public async Task RefusedPrepare_NeverReachesTheServer_SoItsExecuteFinds_NoSuchStatement()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var connection = await gateway.OpenAsync();

        await using var prepare = new NpgsqlCommand("prepare p as delete from orders", connection);
        Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => prepare.ExecuteNonQueryAsync())).SqlState);
        await using var execute = new NpgsqlCommand("execute p", connection);
        Assert.Equal("26000", (await Assert.ThrowsAsync<PostgresException>(() => execute.ExecuteNonQueryAsync())).SqlState);

        await using var allowed = new NpgsqlCommand("prepare q as select count(*) from orders where id < 4", connection);
        await allowed.ExecuteNonQueryAsync();
        await using var run = new NpgsqlCommand("execute q", connection);
        Assert.Equal(3L, await run.ExecuteScalarAsync());
        Assert.Equal(10L, await gateway.AdminScalarAsync<long>("select count(*) from orders"));
    }

    [Fact]
    public async Task RefusalInsideATransaction_LeavesItFailed_SoCommitRollsBack()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var connection = await gateway.OpenAsync();

        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("insert into orders values (200, 'in the block')", connection, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }
        await using (var refused = new NpgsqlCommand("delete from orders", connection, transaction))
        {
            Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteNonQueryAsync())).SqlState);
        }
        await using (var after = new NpgsqlCommand("select 1", connection, transaction))
        {
            Assert.Equal("25P02", (await Assert.ThrowsAsync<PostgresException>(() => after.ExecuteScalarAsync())).SqlState);
        }
        await transaction.CommitAsync();

        Assert.Equal(0L, await gateway.AdminScalarAsync<long>("select count(*) from orders where id = 200"));
        await using var next = new NpgsqlCommand("select count(*) from orders", connection);
        Assert.Equal(10L, await next.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RefusedStatementInABatch_FailsTheBatch_AsAServerErrorWould_AndNothingOfItStays()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var connection = await gateway.OpenAsync();

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("insert into orders values (300, 'batched')"),
                new NpgsqlBatchCommand("update orders set note = 'all'"),
                new NpgsqlBatchCommand("select count(*) from orders"),
            },
        };
        var error = await Assert.ThrowsAsync<PostgresException>(() => batch.ExecuteNonQueryAsync());

        Assert.Equal("42501", error.SqlState);
        Assert.Contains("requireWhere", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(0L, await gateway.AdminScalarAsync<long>("select count(*) from orders where id = 300"));
        await using var good = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("insert into orders values (301, 'batched')"),
                new NpgsqlBatchCommand("select count(*) from orders"),
            },
        };
        await using var reader = await good.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(11L, reader.GetInt64(0));
    }

    [Fact]
    public async Task PreparedStatements_AndServerErrors_StayInStep()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var connection = await gateway.OpenAsync();

        await using var select = new NpgsqlCommand("select note from orders where id = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = 3 });
        await select.PrepareAsync();
        for (var i = 1; i <= 5; i++)
        {
            select.Parameters[0].Value = i;
            Assert.Equal($"order {i}", await select.ExecuteScalarAsync());
        }
        await using var missing = new NpgsqlCommand("select * from no_such_table", connection);
        Assert.Equal("42P01", (await Assert.ThrowsAsync<PostgresException>(() => missing.ExecuteNonQueryAsync())).SqlState);
        await using var refused = new NpgsqlCommand("delete from orders", connection);
        await Assert.ThrowsAsync<PostgresException>(() => refused.PrepareAsync());
        select.Parameters[0].Value = 7;
        Assert.Equal("order 7", await select.ExecuteScalarAsync());

        var failed = await gateway.LoggedAsync(s => s.Outcome == StatementOutcome.Failed);
        Assert.Single(gateway.Events.Statements, s => s.Outcome == StatementOutcome.Failed);
        Assert.Equal("42P01", failed.SqlState);
    }

    [Fact]
    public async Task LargeResults_AndCopy_InAndOut_TextAndBinary_Work()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var connection = await gateway.OpenAsync();

        await using (var importer = await connection.BeginBinaryImportAsync("copy orders (id, note) from stdin (format binary)"))
        {
            for (var i = 1000; i < 6000; i++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(i);
                await importer.WriteAsync(new string('x', 100));
            }
            Assert.Equal(5000UL, await importer.CompleteAsync());
        }
        await using (var text = await connection.BeginTextImportAsync("copy orders (id, note) from stdin"))
        {
            await text.WriteAsync("9000\tnine thousand\n9001\tand one\n");
        }
        var exported = 0;
        await using (var exporter = await connection.BeginBinaryExportAsync("copy (select id, note from orders) to stdout (format binary)"))
        {
            while (await exporter.StartRowAsync() != -1)
            {
                await exporter.ReadAsync<int>();
                await exporter.ReadAsync<string>();
                exported++;
            }
        }
        using (var reader = await connection.BeginTextExportAsync("copy orders to stdout"))
        {
            var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(5012, lines.Length);
        }
        Assert.Equal(5012, exported);

        await using var all = new NpgsqlCommand("select id, note from orders order by id", connection);
        await using var rows = await all.ExecuteReaderAsync();
        var read = 0;
        while (await rows.ReadAsync()) read++;
        Assert.Equal(5012, read);
        await gateway.LoggedAsync(s => s.Kind == "copy" && s.Rows == 5000);
    }
}
