using System.Globalization;
using System.Text;
using GitJit.Gateway.Sql;
using GitJit.Gateway.Sql.Native;
using GitJit.Gateway.Sql.Reading;

namespace GitJit.Gateway.Tests;

/// <summary>
/// A query string read from the cache of shapes is read exactly as if it were parsed: every query of the
/// classification and verdict corpora, with each of its constants and comments changed, gives the same
/// classification and normalized text whether it is read after the original (a shape hit) or on its own.
/// </summary>
public sealed class ShapeCacheTests
{
    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>();
        foreach (var sql in ClassificationCaseTests.Cases.Select(c => (string)c[0]).Concat(VerdictCaseTests.Cases.Select(c => (string)c[1])).Concat(Everyday).Distinct())
        {
            data.Add(sql);
        }
        return data;
    }

    private static readonly string[] Everyday =
    [
        "SELECT abalance FROM pgbench_accounts WHERE aid = 48213;",
        "select * from orders where id = 1 and note = 'a;b' /* trace-id 42 */",
        "  select * from orders where total > 10.5 limit 3  ;  ",
        "update orders set note = E'it''s' where id = 7",
        "insert into orders (id, note) values (1, 'x'), (2, U&'\\0064')",
        "select * from orders where flags = B'101' and mask = X'1F'",
        "delete from orders where id = 3 -- done\n",
        "select set_config('application_name', 'x', false)",
        "select set_config('statement_timeout', '0', false)",
        "explain (analyze 'off') delete from orders where id = 1",
        "copy orders to '/tmp/orders.csv'",
        "prepare p as select * from orders where id = 1",
        "select 'über' || id from orders where note = 'ß'",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task SameShape_ReadsAsParsed(string sql)
    {
        var variant = ChangeConstantsAndComments(sql);
        using var warmed = new StatementClassifier();
        await warmed.ReadAsync(sql);
        var hitsBefore = warmed.ShapeHits;
        var fromShape = await warmed.ReadAsync(variant);
        using var fresh = new StatementClassifier();
        var parsed = await fresh.ReadAsync(variant);

        Assert.Equal(Describe.Classification(parsed.Classification), Describe.Classification(fromShape.Classification));
        Assert.Equal(parsed.Classification.Statements.Select(s => (s.Index, s.Start, s.Length, s.Node)), fromShape.Classification.Statements.Select(s => (s.Index, s.Start, s.Length, s.Node)));
        Assert.Equal(parsed.Normalized?.Text, fromShape.Normalized?.Text);
        Assert.Equal(parsed.Normalized?.Fingerprint, fromShape.Normalized?.Fingerprint);
        if (warmed.ShapeHits > hitsBefore)
        {
            Assert.True(parsed.Classification.Statements is [var only] && QueryShape.IsShapeOnly(only), "only a statement read by its tree alone comes from its shape");
        }
    }

    [Fact]
    public async Task EverydayQueries_ComeFromTheirShape()
    {
        using var classifier = new StatementClassifier();

        for (var id = 0; id < 100; id++)
        {
            var read = await classifier.ReadAsync($"SELECT abalance FROM pgbench_accounts WHERE aid = {id * 7919};");
            Assert.Equal("select | tables r:pgbench_accounts", Describe.Classification(read.Classification));
            Assert.Equal("SELECT abalance FROM pgbench_accounts WHERE aid = $1", read.Normalized?.Text);
        }

        Assert.Equal(99, classifier.ShapeHits);
    }

    [Theory]
    [InlineData("select set_config('application_name', 'x', false)", "select set_config('statement_timeout', '0', false)", "select | +set | settings setconfig:statement_timeout | functions set_config:SetsSetting")]
    [InlineData("explain (analyze 'off') delete from orders where id = 1", "explain (analyze 'on') delete from orders where id = 1", "explain | +delete | tables w:orders")]
    [InlineData("select * from U&\"!0063ustomers_pii\" UESCAPE '#'", "select * from U&\"!0063ustomers_pii\" UESCAPE '!'", "select | tables r:customers_pii")]
    [InlineData("select * from orders where id = 1", "select * from orders where id = 1; delete from orders", "select | tables r:orders ; delete | tables w:orders | nowhere delete:orders")]
    [InlineData("select * from orders where id = 1", "select * from orders where id = '1'; drop table orders", "select | tables r:orders ; drop | tables w:orders")]
    public async Task ValuesThatMatter_AreNeverTakenFromAnotherString(string first, string second, string expected)
    {
        using var classifier = new StatementClassifier();

        await classifier.ReadAsync(first);
        var read = await classifier.ReadAsync(second);

        Assert.Equal(0, classifier.ShapeHits);
        Assert.Equal(expected, Describe.Classification(read.Classification));
    }

    [Fact]
    public void Shape_IsNull_ForMoreThanOneStatement_AndTheSame_AcrossValuesAndComments()
    {
        Assert.Null(QueryShape.Of(Input("select 1; select 2")));
        Assert.Null(QueryShape.Of(Input("select 1;;")));
        Assert.Equal(QueryShape.Of(Input("select 1 /* a */ ;"))!.Value.Key, QueryShape.Of(Input("select 22 /* bb */ ;"))!.Value.Key);
        Assert.Equal(17, QueryShape.Of(Input("select 1 /* a */ ;"))!.Value.StatementBytes);
        Assert.NotEqual(QueryShape.Of(Input("select 1"))!.Value.Key, QueryShape.Of(Input("select '1'"))!.Value.Key);
        Assert.NotEqual(QueryShape.Of(Input("select 1 from a"))!.Value.Key, QueryShape.Of(Input("select 1 from b"))!.Value.Key);
    }

    /// <summary>The text with each constant replaced by another of its kind and each comment by another comment.</summary>
    private static string ChangeConstantsAndComments(string sql)
    {
        var input = Input(sql);
        var scanned = PgQuery.Scan(input);
        if (scanned.Value is null)
        {
            return sql;
        }
        var text = new StringBuilder();
        var at = 0;
        var n = 0;
        foreach (var token in ScanTokens.Decode(scanned.Value).Where(t => t.End > t.Start))
        {
            var replacement = token.Token switch
            {
                ScanTokens.IntegerConstant => (7 + n * 13).ToString(CultureInfo.InvariantCulture),
                ScanTokens.FloatConstant => "2.75",
                ScanTokens.StringConstant => $"'gitjit other {n}'",
                ScanTokens.UnicodeStringConstant => "U&'\\00e9t\\00e9'",
                ScanTokens.BitStringConstant => "B'0110'",
                ScanTokens.HexStringConstant => "X'2A'",
                ScanTokens.LineComment => "-- another comment\n",
                ScanTokens.BlockComment => "/* another, longer comment */",
                _ => null,
            };
            if (replacement is null || token.Start < at)
            {
                continue;
            }
            text.Append(Encoding.UTF8.GetString(input, at, token.Start - at)).Append(replacement);
            at = token.End;
            n++;
        }
        return text.Append(Encoding.UTF8.GetString(input, at, input.Length - 1 - at)).ToString();
    }

    private static byte[] Input(string sql) => [.. Encoding.UTF8.GetBytes(sql), 0];
}
