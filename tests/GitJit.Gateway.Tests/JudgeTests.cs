using GitJit.Core.Model;
using GitJit.Gateway.Sql;
using GitJit.Gateway.Sql.Judging;

namespace GitJit.Gateway.Tests;

public sealed class JudgeTests
{
    private const string Secret = "S3CR3T";

    public static TheoryData<string> RefusedWithLiterals => new()
    {
        $"select * from customers_pii where note = '{Secret}'",
        $"delete from marts.sales; select '{Secret}'",
        $"select set_config('statement_timeout', '{Secret}', false)",
        $"select set_config('{Secret}' || 'x', '0', false)",
        $"set statement_timeout = '{Secret}'",
        $"set role '{Secret}'",
        $"copy orders to program '{Secret}'",
        $"select pg_read_file('{Secret}')",
        $"begin read write; select '{Secret}'",
        $"do $${Secret}$$",
        $"prepare p as delete from marts.sales where note = '{Secret}'",
        $"select '{Secret}",
        $"select '{Secret}' '{Secret}'",
        $"select 1 /* {Secret}",
        $"select $${Secret}",
    };

    [Theory]
    [MemberData(nameof(RefusedWithLiterals))]
    public async Task Refusal_NeverEchoesALiteralValue(string sql)
    {
        var classification = await Parser.ClassifyAsync(sql);
        var judge = new GuardrailJudge(Grants.OrdersReadOnly with { RequireWhere = true });

        var verdict = judge.Judge(classification);

        Assert.False(verdict.Allowed);
        Assert.All(verdict.Refusals, r => Assert.DoesNotContain(Secret, r.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Refusal_NamesTheGuardrail_AndWhatItConcerns()
    {
        var judge = new GuardrailJudge(Grants.AnalyticsMaintainer with { DeniedTables = ["marts.secrets"], ReadOnly = true });

        var verdict = judge.Judge(await Parser.ClassifyAsync(
            "with d as (delete from marts.sales returning *) select * from d, marts.secrets; set local statement_timeout = 0; truncate marts.sales"));

        Assert.Equal(
        [
            new Refusal("requireWhere", "DELETE on marts.sales has no WHERE clause; this grant requires one (WHERE true, if every row is meant)"),
            new Refusal("deniedTables", "marts.secrets is a denied table for this grant"),
            new Refusal("readOnly", "this grant is read-only, and this DELETE writes marts.sales"),
        ], verdict.Statements[0].Refusals);
        Assert.Equal(
        [
            new Refusal("statementTimeout", "SET LOCAL statement_timeout is refused: this grant's statement timeout is held by the gateway"),
        ], verdict.Statements[1].Refusals);
        Assert.Equal(
        [
            new Refusal("blockedStatements", "TRUNCATE statements are blocked for this grant"),
            new Refusal("readOnly", "this grant is read-only, and this TRUNCATE writes marts.sales"),
        ], verdict.Statements[2].Refusals);
    }

    [Fact]
    public async Task UnreadableInput_IsRefusedByTheGateway_WithTheParsersMessage()
    {
        var verdict = new GuardrailJudge(Guardrails.None).Judge(await Parser.ClassifyAsync("select 1 +"));

        Assert.False(verdict.Allowed);
        Assert.Empty(verdict.Statements);
        Assert.Equal(new Refusal("gateway", "syntax error at end of input at character 11"), verdict.InputRefusal);
    }

    [Fact]
    public void UnknownStatement_IsRefused()
    {
        var statement = new ClassifiedStatement
        {
            Index = 0,
            Start = 0,
            Length = 10,
            Node = "FutureStmt",
            Kind = StatementKind.Unknown,
            Effects = [StatementKind.Unknown],
            Tables = [],
            UnboundedWrites = [],
            Settings = [],
            Functions = [],
        };

        var verdict = new GuardrailJudge(Guardrails.None).Judge(statement);

        Assert.Equal([new Refusal("gateway", "FutureStmt is a statement the gateway does not know, so it is refused")], verdict.Refusals);
    }

    [Fact]
    public async Task UnqualifiedName_InTwoSchemas_IsRefused_WhenEitherIsNotAllowed()
    {
        var catalog = new TableCatalog([("public", "orders"), ("archive", "orders")]);
        var judge = new GuardrailJudge(new Guardrails { Tables = ["public.orders"] }, catalog);

        var unqualified = judge.Judge(await Parser.ClassifyAsync("select * from orders"));
        var qualified = judge.Judge(await Parser.ClassifyAsync("select * from public.orders"));

        Assert.Equal(
            [new Refusal("tables", "orders is not schema-qualified and may be archive.orders, which is not one of this grant's tables (the search path decides)")],
            unqualified.Refusals);
        Assert.True(qualified.Allowed);
    }

    [Fact]
    public async Task UnqualifiedName_WithSchemasOnly_AndNoCatalog_MustBeQualified()
    {
        var judge = new GuardrailJudge(new Guardrails { Schemas = ["public"] });

        var unqualified = judge.Judge(await Parser.ClassifyAsync("select * from orders"));
        var qualified = judge.Judge(await Parser.ClassifyAsync("select * from public.orders"));

        Assert.Equal(
            [new Refusal("schemas", "orders is not schema-qualified, and the gateway cannot tell which schema the search path finds it in; name it with its schema")],
            unqualified.Refusals);
        Assert.True(qualified.Allowed);
    }

    [Fact]
    public async Task UnqualifiedName_IsDenied_WhateverSchemaTheDeniedTableIsIn()
    {
        var judge = new GuardrailJudge(new Guardrails { DeniedTables = ["hr.salaries"] });

        var verdict = judge.Judge(await Parser.ClassifyAsync("select * from salaries"));

        Assert.Equal(
            [new Refusal("deniedTables", "salaries is not schema-qualified and may be hr.salaries, a denied table for this grant (the search path decides)")],
            verdict.Refusals);
    }

    [Theory]
    [InlineData("insert into orders values (1)", "allowed")]
    [InlineData("insert into orders select * from staged", "refused: blockedStatements")]
    [InlineData("copy orders to stdout", "refused: blockedStatements")]
    [InlineData("update orders set total = 0 where id = 1", "allowed")]
    [InlineData("update orders set total = 0 where id in (select id from staged)", "refused: blockedStatements")]
    public async Task BlockedSelect_RefusesEveryRead(string sql, string expected)
    {
        var judge = new GuardrailJudge(new Guardrails { BlockedStatements = ["select"] });

        var verdict = judge.Judge(await Parser.ClassifyAsync(sql));

        Assert.Equal(expected, Describe.Verdict(verdict));
    }

    [Theory]
    [InlineData("execute p", "refused: blockedStatements")]
    [InlineData("prepare p as select 1", "allowed")]
    [InlineData("select 1", "allowed")]
    public async Task BlockedExecute_RefusesExecute(string sql, string expected)
    {
        var judge = new GuardrailJudge(new Guardrails { BlockedStatements = ["execute"] });

        var verdict = judge.Judge(await Parser.ClassifyAsync(sql));

        Assert.Equal(expected, Describe.Verdict(verdict));
    }

    [Fact]
    public async Task EveryStatementOfAString_IsJudged_AndOneRefusalRefusesTheString()
    {
        var judge = new GuardrailJudge(new Guardrails { BlockedStatements = ["drop"] });

        var verdict = judge.Judge(await Parser.ClassifyAsync("select 1; select 2; drop table orders; select 4"));

        Assert.False(verdict.Allowed);
        Assert.Equal([true, true, false, true], verdict.Statements.Select(s => s.Allowed));
        Assert.Equal(2, verdict.Statements[2].Index);
    }
}
