namespace GitJit.Gateway.Tests;

/// <summary>The text a session log may show: no literal value of the query survives, whatever the statement.</summary>
public sealed class NormalizationTests
{
    private const string Secret = "S3CR3T";

    public static TheoryData<string> Statements => new()
    {
        $"select * from orders where note = '{Secret}'",
        $"select * from orders where id = 424242 and note = E'{Secret}\\n'",
        $"select $${Secret}$$, $tag${Secret}$tag$",
        $"select U&'{Secret}\\0041'",
        $"select U&'{Secret}!0041' UESCAPE '!'",
        $"select B'1010', X'FF', 3.14159, 1e42, '{Secret}'::text",
        $"select 1 /* {Secret} */ -- {Secret}\n, 2",
        $"select 1 /* outer /* {Secret} */ still comment */",
        $"insert into orders (note) values ('{Secret}') returning id",
        $"update orders set note = '{Secret}' where id = 1",
        $"set application_name = '{Secret}'",
        $"select set_config('application_name', '{Secret}', false)",
        $"create role x password '{Secret}'",
        $"alter role x password '{Secret}'",
        $"do $${Secret}$$",
        $"copy orders from '/tmp/{Secret}'",
        $"copy orders to program 'curl {Secret}'",
        $"comment on table orders is '{Secret}'",
        $"load '{Secret}'",
        $"alter system set log_line_prefix = '{Secret}'",
        $"security label on table orders is '{Secret}'",
        $"create database d template = '{Secret}'",
        $"prepare p as select * from orders where note = '{Secret}'",
        $"execute p('{Secret}')",
        $"notify c, '{Secret}'",
        $"create table t (a text default '{Secret}' check (a <> '{Secret}'))",
        $"create function f() returns text language sql as '{Secret}'",
        $"select 1; select '{Secret}'; select 3",
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task Literal_NeverSurvives_Normalization(string sql)
    {
        var normalized = await Parser.Shared.NormalizeAsync(sql);

        Assert.Null(normalized.Problem);
        Assert.NotNull(normalized.Text);
        Assert.DoesNotContain(Secret, normalized.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("424242", normalized.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("3.14159", normalized.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Literals_BecomeNumberedParameters_AfterTheQuerysOwn()
    {
        var normalized = await Parser.Shared.NormalizeAsync("select * from orders where id = $1 and note = 'x' /* c */ and total > 10");

        Assert.Equal("select * from orders where id = $1 and note = $2  and total > $3", normalized.Text);
    }

    [Fact]
    public async Task Fingerprint_IsTheSame_ForQueriesThatDifferInValuesOnly()
    {
        var one = await Parser.Shared.NormalizeAsync("select * from orders where id = 1 and note = 'a'");
        var two = await Parser.Shared.NormalizeAsync("SELECT * FROM orders WHERE id = 2 AND note = 'b' -- hi");
        var other = await Parser.Shared.NormalizeAsync("select * from order_items where id = 1");

        Assert.Matches("^[0-9a-f]{16}$", one.Fingerprint);
        Assert.Equal(one.Fingerprint, two.Fingerprint);
        Assert.NotEqual(one.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public async Task SyntaxError_HasNoText()
    {
        var normalized = await Parser.Shared.NormalizeAsync($"select '{Secret}");

        Assert.Null(normalized.Text);
        Assert.Null(normalized.Fingerprint);
        Assert.DoesNotContain(Secret, normalized.Problem!.Message, StringComparison.Ordinal);
    }
}
