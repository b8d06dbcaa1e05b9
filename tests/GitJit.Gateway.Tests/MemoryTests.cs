using System.Diagnostics;
using GitJit.Gateway.Sql;
using Xunit.Abstractions;

namespace GitJit.Gateway.Tests;

/// <summary>Every libpg_query result is freed: classifying ever more distinct statements does not grow the process.</summary>
[Collection(WholeProcess.Name)]
public sealed class MemoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DistinctStatements_DoNotGrowTheProcess()
    {
        using var classifier = new StatementClassifier(new StatementClassifierOptions { CacheEntries = 0 });
        await ClassifyAsync(classifier, 0, 5_000);
        var before = Resident();

        var started = Stopwatch.GetTimestamp();
        await ClassifyAsync(classifier, 5_000, 30_000);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = Resident();

        output.WriteLine($"25,000 strings (two statements each) in {elapsed.TotalMilliseconds:F0} ms ({25_000 / elapsed.TotalSeconds:F0}/s); resident {before >> 20} MiB before, {after >> 20} MiB after");
        Assert.True(after - before < 24L << 20, $"the process grew from {before >> 20} MiB to {after >> 20} MiB over 25,000 strings");
    }

    private static async Task ClassifyAsync(StatementClassifier classifier, int from, int to)
    {
        await Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
        {
            var sql = $"select o.id, o.note from public.orders o join order_items i on i.order_id = o.id where o.id = {i} and o.note <> 'note {i}'; update orders set total = {i} where id = {i}";
            var classification = await classifier.ClassifyAsync(sql, cancellationToken);
            Assert.Equal(2, classification.Statements.Count);
        });
    }

    private static long Resident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
