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
        await AssertReadsAsParsedAsync(sql, ChangeConstantsAndComments(sql));
    }

    /// <summary>
    /// The same with values at the edges: integers the grammar might range-check (0, 54, the largest int4), strings
    /// that hold quotes, semicolons, comment starts and escapes, and nested or empty comments.
    /// </summary>
    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task SameShape_WithEdgeValues_ReadsAsParsed(string sql)
    {
        string[][] edges =
        [
            ["0", "$q$;'--$q$", "1e400", "B''", "X''", "/* /* nested */ */", "--\n"],
            ["54", "E'\\'';/*'", ".0", "B'2'", "X'G'", "/**/", "-- ; select 1\n"],
            ["2147483647", "''", "0.0", "B'1'", "X'f'", "/* ; */", "--\n"],
        ];
        foreach (var edge in edges)
        {
            await AssertReadsAsParsedAsync(sql, ChangeConstantsAndComments(sql, edge));
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
        // Integers the grammar reads into a type: float(p) picks float4 or float8 and refuses p < 1; [n] is an array bound.
        Assert.NotEqual(QueryShape.Of(Input("select 1::float(10)"))!.Value.Key, QueryShape.Of(Input("select 1::float(0)"))!.Value.Key);
        Assert.NotEqual(QueryShape.Of(Input("select 1::float /* c */ (10)"))!.Value.Key, QueryShape.Of(Input("select 1::float /* c */ (0)"))!.Value.Key);
        Assert.NotEqual(QueryShape.Of(Input("select x::int[3]"))!.Value.Key, QueryShape.Of(Input("select x::int[5]"))!.Value.Key);
        Assert.NotEqual(QueryShape.Of(Input("select current_timestamp(3)"))!.Value.Key, QueryShape.Of(Input("select current_timestamp(6)"))!.Value.Key);
        Assert.NotEqual(QueryShape.Of(Input("select localtimestamp(3)"))!.Value.Key, QueryShape.Of(Input("select localtimestamp(6)"))!.Value.Key);
        Assert.Equal(QueryShape.Of(Input("select array[1, 2]"))!.Value.Key, QueryShape.Of(Input("select array[3, 4]"))!.Value.Key);
        Assert.Equal(QueryShape.Of(Input("select round(x, 2)"))!.Value.Key, QueryShape.Of(Input("select round(x, 3)"))!.Value.Key);
    }

    /// <summary>
    /// Pairs of one shape whose constants or comments were chosen to change the parse: the second, read after the first
    /// (a shape hit, when there is one), reads exactly as it reads on its own.
    /// </summary>
    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task SameShapePair_ReadsAsParsed(string first, string second)
    {
        await AssertReadsAsParsedAsync(first, second);
    }

    /// <summary>
    /// Reads <paramref name="second"/> after <paramref name="first"/> (from its shape, when they share one) and on its
    /// own, and requires the same reading; only a statement read by its tree alone may come from its shape.
    /// </summary>
    private static async Task AssertReadsAsParsedAsync(string first, string second)
    {
        using var warmed = new StatementClassifier();
        await warmed.ReadAsync(first);
        var hitsBefore = warmed.ShapeHits;
        var fromShape = await warmed.ReadAsync(second);
        using var fresh = new StatementClassifier();
        var parsed = await fresh.ReadAsync(second);

        Assert.Equal(Describe.Classification(parsed.Classification), Describe.Classification(fromShape.Classification));
        Assert.Equal(parsed.Classification.Statements.Select(s => (s.Index, s.Start, s.Length, s.Node)), fromShape.Classification.Statements.Select(s => (s.Index, s.Start, s.Length, s.Node)));
        Assert.Equal(parsed.Normalized?.Text, fromShape.Normalized?.Text);
        Assert.Equal(parsed.Normalized?.Fingerprint, fromShape.Normalized?.Fingerprint);
        Assert.Equal(parsed.Normalized?.Problem, fromShape.Normalized?.Problem);
        if (warmed.ShapeHits > hitsBefore)
        {
            Assert.True(parsed.Classification.Statements is [var only] && QueryShape.IsShapeOnly(only), "only a statement read by its tree alone comes from its shape");
        }
    }

    public static TheoryData<string, string> Pairs() => new()
    {
        // float(p): the grammar picks float4 or float8 by p, and refuses p < 1 or p > 53.
        { "select 1::float(10) from orders", "select 1::float(0) from orders" },
        { "select 1::float(10) from orders", "select 1::float(54) from orders" },
        { "select 1::float(10) from orders", "select 1::float(30) from orders" },
        { "select cast(note as float(3)) from orders", "select cast(note as float(99)) from orders" },
        { "select 1::float /* p */ ( -- p\n 10 /* p */ ) from orders", "select 1::float /* p */ ( -- p\n 0 /* p */ ) from orders" },
        { "select float(10) '1.5' from orders", "select float(0) '1.5' from orders" },
        // Array bounds are integers of the type, not constants of the tree.
        { "select note::int[/* n */3] from orders", "select note::int[/* n */5] from orders" },
        { "select * from orders, unnest('{}'::text[]) as u(a int[2])", "select * from orders, unnest('{}'::text[]) as u(a int[9])" },
        { "select array[1, 2] from orders", "select array[3, 4] from orders" },
        { "select note::int[3] from orders", "select note::int[5] from orders" },
        { "select note::int array[3] from orders", "select note::int array[7] from orders" },
        { "select note[1] from orders", "select note[2] from orders" },
        // CURRENT_TIMESTAMP(p) and its kin keep p in the node itself (and the fingerprint holds it).
        { "select current_timestamp(3) from orders", "select current_timestamp(6) from orders" },
        { "select current_time(3), localtime(1), localtimestamp(2) from orders", "select current_time(0), localtime(4), localtimestamp(5) from orders" },
        // Typmods, interval fields and precisions are constants of the tree.
        { "select 1::numeric(10,2) from orders", "select 1::numeric(20,3) from orders" },
        { "select interval '1' second(3) from orders", "select interval '2 days' second(6) from orders" },
        { "select timestamp(3) '2020-01-01' from orders", "select timestamp(0) 'now' from orders" },
        { "select 'x'::regclass from orders", "select 'customers_pii'::regclass from orders" },
        { "select * from orders where note = 'a'", "select * from orders where note = $$a'; delete from orders; --$$" },
        { "select * from orders where note = 'a'", "select * from orders where note = $x$a$$;drop table orders$x$" },
        { "select * from orders where note = 'a'", "select * from orders where note = E'\\377'" },
        { "select * from orders where note = 'a'", "select * from orders where note = E'\\xc3'" },
        { "select * from orders where note = 'a'", "select * from orders where note = E'\\x01\\\"}]'" },
        { "select * from orders where note = 'a'", "select * from orders where note = E'\\u00e9\\U0001F600'" },
        { "select * from orders where note = 'a'", "select * from orders where note = E'\\uD800'" },
        { "select * from orders where note = 'a'", "select * from orders where note = 'a'\n-- a comment\n'b'" },
        { "select * from orders where note = 'a'", "select * from orders where note = 'a'\n/* c */\n'b'" },
        { "select * from orders where note = 'a' ;  /* x */\n", "select * from orders where note = 'ééé😀' ;  -- é\n" },
        { "select * from orders where note = 'a' ; /* x */", "select * from orders where note = '' ; -- x;y" },
        { "select * from orders where id = 1.5", "select * from orders where id = 1e400" },
        { "select * from orders where id = 1.5", "select * from orders where id = .5e-3" },
        { "select * from orders where id = 1", "select * from orders where id = 2147483647" },
        { "select * from orders where id = -1", "select * from orders where id = -0" },
        { "select * from orders where flags = B'101'", "select * from orders where flags = B'2'" },
        { "select * from orders where mask = X'1F'", "select * from orders where mask = X'ZZ'" },
        { "select * from orders where note = N'a'", "select * from orders where note = N'b'" },
        { "select * from orders limit 1 offset 2", "select * from orders limit 0 offset 0" },
        { "select * from orders order by id fetch first 1 rows with ties", "select * from orders order by id fetch first 0 rows with ties" },
        { "select extract('year' from now()) from orders", "select extract('epoch' from now()) from orders" },
        { "select now() at time zone 'UTC' from orders", "select now() at time zone 'Europe/Paris' from orders" },
        { "select xmlelement(name a, 'x') from orders", "select xmlelement(name a, 'y') from orders" },
        { "select * from xmltable('/a' passing '<a/>' columns x int path 'x') t", "select * from xmltable('/b' passing '<b/>' columns x int path 'y') t" },
        { "select * from orders tablesample system (10) repeatable (1)", "select * from orders tablesample system (99) repeatable (2)" },
        { "select * from orders /* a */ where id = 1", "select * from orders /* /* nested */ */ where id = 1" },
        { "select * from orders -- a\nwhere id = 1", "select * from orders /* a */\nwhere id = 1" },
        { "select 1 +/* a */\n2 from orders", "select 1 +-- a\n2 from orders" },
        { "select * into orders_copy from orders where id = 1", "select * into orders_copy from orders where id = 2" },
        { "with d as (delete from orders where id = 1 returning *) select * from d", "with d as (delete from orders where id = 2 returning *) select * from d" },
        { "merge into orders o using orders s on o.id = s.id when matched and s.id = 1 then delete", "merge into orders o using orders s on o.id = s.id when matched and s.id = 2 then delete" },
        { "insert into orders values (1) on conflict (id) do update set note = 'a'", "insert into orders values (2) on conflict (id) do update set note = 'b'" },
        { "select nextval('orders_seq')", "select nextval('customers_pii_seq')" },
        { "select pg_advisory_lock(1)", "select pg_advisory_lock(2)" },
        { "select * from orders where id = 1 for update", "select * from orders where id = 2 for update" },
        { "values (1), (2)", "values (3), (4)" },
    };

    /// <summary>The text with each constant replaced by another of its kind and each comment by another comment.</summary>
    private static string ChangeConstantsAndComments(string sql, string[]? edge = null)
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
            var replacement = edge is not null ? token.Token switch
            {
                ScanTokens.IntegerConstant => edge[0],
                ScanTokens.StringConstant => edge[1],
                ScanTokens.FloatConstant => edge[2],
                ScanTokens.BitStringConstant => edge[3],
                ScanTokens.HexStringConstant => edge[4],
                ScanTokens.BlockComment => edge[5],
                ScanTokens.LineComment => edge[6],
                _ => null,
            } : token.Token switch
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
