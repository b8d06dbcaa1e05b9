using System.Diagnostics;
using System.Text;
using GitJit.Gateway.Sql;
using Xunit.Abstractions;

namespace GitJit.Gateway.Tests;

/// <summary>
/// libpg_query does not check its stack depth: a deep enough tree is a SIGSEGV that would end this test run. These
/// statements are as deep as their size allows; they are classified or refused, and the process goes on.
/// </summary>
[Collection(WholeProcess.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int OneMebibyte = 1024 * 1024;

    private readonly StatementClassifier largest = new(new StatementClassifierOptions { MaxStatementBytes = OneMebibyte });

    public void Dispose() => largest.Dispose();

    [Fact]
    public async Task HundredThousandLevels_OfAddition_AreClassifiedWithTheDefaultLimit()
    {
        var sql = "select 1" + string.Concat(Enumerable.Repeat("+1", 100_000));

        var classification = await Parser.Shared.ClassifyAsync(sql);
        var normalized = await Parser.Shared.NormalizeAsync(sql);

        Assert.Null(classification.Problem);
        Assert.Equal(StatementKind.Select, Assert.Single(classification.Statements).Kind);
        Assert.NotNull(normalized.Text);
    }

    /// <summary>
    /// Left-recursive shapes, each one tree level per repetition. Measured (tests/GitJit.Benchmarks parser-stack):
    /// two-byte operators (<c>+1</c>, <c>*1</c>) are the deepest per byte, and normalizing needs the most stack,
    /// 385 bytes per level (193 per byte of statement), parsing 128 (64 per byte); <c>||a</c> and <c>::int</c> are as
    /// deep per level in fewer levels, <c>is null</c> is shallower.
    /// </summary>
    [Theory]
    [InlineData("+1")]
    [InlineData("||a")]
    [InlineData("::int")]
    [InlineData(" is null")]
    public async Task LargestStatement_OfTheDeepestShapes_IsClassifiedAndNormalized(string level)
    {
        var sql = Deepest(level, OneMebibyte);

        var started = Stopwatch.GetTimestamp();
        var classification = await largest.ClassifyAsync(sql);
        var classified = Stopwatch.GetElapsedTime(started);
        var normalized = await largest.NormalizeAsync(sql);
        var both = Stopwatch.GetElapsedTime(started);

        Assert.Null(classification.Problem);
        Assert.Equal(StatementKind.Select, Assert.Single(classification.Statements).Kind);
        Assert.Null(normalized.Problem);
        output.WriteLine($"'{level}' x {(sql.Length - 8) / level.Length}: {Encoding.UTF8.GetByteCount(sql)} bytes classified in {classified.TotalMilliseconds:F0} ms, normalized in {(both - classified).TotalMilliseconds:F0} ms");
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("(select ", ")")]
    [InlineData("array[", "]")]
    [InlineData("not ", "")]
    [InlineData("- ", "")]
    public async Task LargestStatement_OfRightRecursion_IsRefusedByTheParser(string open, string close)
    {
        var count = (OneMebibyte - 16) / (open.Length + close.Length);
        var sql = "select " + string.Concat(Enumerable.Repeat(open, count)) + "1" + string.Concat(Enumerable.Repeat(close, count));

        var classification = await largest.ClassifyAsync(sql);
        var normalized = await largest.NormalizeAsync(sql);

        Assert.Equal(InputProblemKind.SyntaxError, classification.Problem?.Kind);
        Assert.Equal(InputProblemKind.SyntaxError, normalized.Problem?.Kind);
    }

    [Fact]
    public async Task OneByteMore_ThanTheLimit_IsRefusedUnparsed()
    {
        var sql = Deepest("+1", OneMebibyte) + " ";

        var classification = await largest.ClassifyAsync(sql + "+1");

        Assert.Equal(InputProblemKind.TooLarge, classification.Problem?.Kind);
    }

    /// <summary><c>select 1</c> and as many <paramref name="level"/>s as fit in <paramref name="bytes"/>.</summary>
    private static string Deepest(string level, int bytes) =>
        "select 1" + string.Concat(Enumerable.Repeat(level, (bytes - 8) / level.Length));
}
