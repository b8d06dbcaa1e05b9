using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>The extended protocol message by message: every answer in step with what the client sent.</summary>
public sealed class ExtendedProtocolTests
{
    [Fact]
    public async Task PipelinedBatches_WithRowLimits_Describe_Close_AndARefusal_AnswerInStep()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var client = await RawClient.ConnectAsync(gateway);

        client.Out
            .Parse("s1", "select id from orders where id <= $1 order by id").Describe('S', "s1").Sync()
            .Bind("p1", "s1", "5").Execute("p1", 2).Execute("p1", 2).Execute("p1", 2).Sync()
            .Parse("", "delete from orders").Bind("", "").Execute("").Sync()
            .Parse("", "select 1").Bind("", "").Describe('P', "").Execute("").Sync()
            .Bind("p2", "s1", "3").Execute("p2").Close('P', "p2").Close('S', "s1").Sync()
            .Bind("p3", "s1", "3").Execute("p3").Sync();
        await client.SendAsync();

        Assert.Equal(
            "1 t T ZI | 2 D D s D D s D C ZI | E[42501] ZI | 1 2 T D C ZI | 2 D D D C 3 3 ZI | E[26000] ZI",
            (await client.ReadAsync(6)).Replace("ZI ", "ZI | ", StringComparison.Ordinal));
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Events.Statements.Count(s => s.Text == "select id from orders where id <= $1 order by id") == 4), "four executions logged");
        Assert.Single(gateway.Events.Statements, s => s is { Kind: "delete", Outcome: StatementOutcome.Refused, Guardrail: "requireWhere" });
    }

    [Fact]
    public async Task ARefusedParse_FollowedByFlush_IsAnsweredAtOnce_AndTheBatchIsDiscardedUntilSync()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var client = await RawClient.ConnectAsync(gateway);

        client.Out.Parse("", "update orders set note = 'x'").Flush();
        await client.SendAsync();
        var (type, body) = await Framing.ReadAsync(GetStream(client), 1 << 20, CancellationToken.None);
        Assert.Equal((byte)'E', type);
        Assert.Equal("42501", ErrorFields.Read(body).Code);

        client.Out.Bind("", "").Execute("").Sync().Parse("", "select count(*) from orders").Bind("", "").Execute("").Sync();
        await client.SendAsync();
        Assert.Equal("ZI 1 2 D C ZI", await client.ReadAsync(2));
        Assert.Equal(10L, await gateway.AdminScalarAsync<long>("select count(*) from orders where note like 'order %'"));
    }

    [Fact]
    public async Task AnEarlierServerErrorInTheBatch_IsWhatTheClientSees_AsPostgreSqlSkipsTheRest()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var client = await RawClient.ConnectAsync(gateway);

        client.Out.Parse("", "select * from no_such_table").Bind("", "").Execute("")
            .Parse("", "delete from orders").Bind("", "").Execute("").Sync()
            .Parse("", "select 1").Bind("", "").Execute("").Sync();
        await client.SendAsync();

        Assert.Equal("E[42P01] ZI 1 2 D C ZI", await client.ReadAsync(2));
        await gateway.LoggedAsync(s => s is { Outcome: StatementOutcome.Failed, SqlState: "42P01" });
        await gateway.LoggedAsync(s => s is { Outcome: StatementOutcome.Refused, Kind: "delete" });
    }

    [Fact]
    public async Task TransactionStatus_AfterARefusal_IsTheServers_FailedInABlock_IdleOutside()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var client = await RawClient.ConnectAsync(gateway);

        client.Out.Query("delete from orders").Query("begin").Query("delete from orders").Query("select 1").Query("rollback")
            .Parse("", "begin").Bind("", "").Execute("").Sync()
            .Parse("", "truncate orders").Bind("", "").Execute("").Sync()
            .Query("rollback");
        await client.SendAsync();

        Assert.Equal("E[42501] ZI C ZT E[42501] ZE E[25P02] ZE C ZI 1 2 C ZT E[42501] ZE C ZI", await client.ReadAsync(8));
    }

    [Fact]
    public async Task FunctionCall_IsJudgedAsTheFunctionItNames_ByItsOid()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var client = await RawClient.ConnectAsync(gateway);
        var add = await gateway.AdminScalarAsync<int>("select 'pg_catalog.int4pl(integer, integer)'::regprocedure::oid::int");
        var readFile = await gateway.AdminScalarAsync<int>("select 'pg_catalog.pg_read_file(text)'::regprocedure::oid::int");
        var setConfig = await gateway.AdminScalarAsync<int>("select 'pg_catalog.set_config(text, text, boolean)'::regprocedure::oid::int");

        // 764 is lo_import(text), a watched function; an OID that names no function is refused too.
        client.Out.Start((byte)'F').Int32(add).Int16(0).Int16(2).Int32(1).Bytes("1"u8).Int32(1).Bytes("2"u8).Int16(0).End()
            .FunctionCall(764).FunctionCall(readFile).FunctionCall(unchecked((int)4_000_000_000u))
            // set_config('statement_timeout', '0', false) by OID: the setting's name is an argument the gateway cannot read here.
            .Start((byte)'F').Int32(setConfig).Int16(0).Int16(3).Int32(17).Bytes("statement_timeout"u8).Int32(1).Bytes("0"u8).Int32(5).Bytes("false"u8).Int16(0).End()
            .Start((byte)'F').Int32(add).Int16(0).Int16(2).Int32(1).Bytes("3"u8).Int32(1).Bytes("4"u8).Int16(0).End();
        await client.SendAsync();

        Assert.Equal("V ZI E[42501] ZI E[42501] ZI E[42501] ZI E[42501] ZI V ZI", await client.ReadAsync(6));
        await gateway.LoggedAsync(s => s is { Outcome: StatementOutcome.Ok, Text: "select pg_catalog.int4pl()" });
        await gateway.LoggedAsync(s => s is { Outcome: StatementOutcome.Refused, Text: "select pg_catalog.lo_import()" });
        await gateway.LoggedAsync(s => s is { Outcome: StatementOutcome.Refused, Guardrail: "gateway", Reason: var reason } && reason!.Contains("4000000000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailingFunctionCall_IsTheServersError_AndTheQueueStaysInStep()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var client = await RawClient.ConnectAsync(gateway);
        var divide = await gateway.AdminScalarAsync<int>("select 'pg_catalog.int4div(integer, integer)'::regprocedure::oid::int");

        client.Out.Start((byte)'F').Int32(divide).Int16(0).Int16(2).Int32(1).Bytes("1"u8).Int32(1).Bytes("0"u8).Int16(0).End().Query("select 1");
        await client.SendAsync();

        Assert.Equal("E[22012] ZI T D C ZI", await client.ReadAsync(2));
        await gateway.LoggedAsync(s => s is { Outcome: StatementOutcome.Failed, SqlState: "22012" });
    }

    [Fact]
    public async Task AQueryStringThatIsNotUtf8_IsRefusedAs22021_AsPostgreSqlWould_AndTheSessionGoesOn()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await using var client = await RawClient.ConnectAsync(gateway);
        byte[] notUtf8 = [.. "select '"u8, 0xff, 0xfe, .. "'"u8];

        client.Out.Start((byte)'Q').Bytes(notUtf8).Bytes([0]).End()
            .Query("begin").Start((byte)'Q').Bytes(notUtf8).Bytes([0]).End().Query("rollback")
            .Start((byte)'P').CString("").Bytes(notUtf8).Bytes([0]).Int16(0).End().Bind("", "").Execute("").Sync()
            .Query("select 1");
        await client.SendAsync();

        Assert.Equal("E[22021] ZI C ZT E[22021] ZE C ZI E[22021] ZI T D C ZI", await client.ReadAsync(6));
        await gateway.LoggedAsync(s => s is { Outcome: StatementOutcome.Refused, SqlState: "22021" });
    }

    private static Stream GetStream(RawClient client) => client.Stream;
}
