using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GitJit.Gateway.Sql;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>classify</c>: the gateway's statement classifier on a small corpus of everyday statements made distinct by
/// their values — query strings read per second (classified and normalized) with no cache (every one parsed by
/// libpg_query), by their shape (what a session's new values cost) and from the exact-text cache, and normalizations
/// per second; and the process's resident memory, which must not grow with distinct statements.
/// </summary>
internal static class ClassifyCommand
{
    private static readonly string[] Templates =
    [
        "select * from public.orders where id = {0}",
        "select o.id, o.total from public.orders o join public.order_items i on i.order_id = o.id where o.id = {0} and o.note <> 'n{0}'",
        "update orders set total = {0}, note = 'changed {0}' where id = {0}",
        "delete from order_items where order_id = {0}",
        "insert into audit.log (id, at, what) values ({0}, now(), 'insert {0}') returning id",
        "with recent as (select * from orders where placed > now() - interval '{0} days') select count(*) from recent",
        "begin; select * from orders where id = {0} for update; update orders set total = {0} where id = {0}; commit",
        "set local statement_timeout = {0}",
        "explain analyze select * from orders o where exists (select 1 from order_items i where i.order_id = o.id and i.qty > {0})",
        "select id, row_number() over (partition by customer order by placed desc) from orders where customer = {0} limit 10",
    ];

    public static Command Create()
    {
        var statements = new Option<int>("--statements") { Description = "Distinct statements classified without a cache.", DefaultValueFactory = _ => 100_000 };
        var cached = new Option<int>("--cached") { Description = "Distinct statements classified over and over from the cache.", DefaultValueFactory = _ => 1000 };
        var command = new Command("classify", "Time the gateway's statement classifier, uncached and cached, and watch its memory.") { statements, cached };
        command.SetAction((result, token) => RunAsync(result.GetValue(statements), result.GetValue(cached), token));
        return command;
    }

    private static async Task<int> RunAsync(int count, int distinctCached, CancellationToken cancellationToken)
    {
        var corpus = Enumerable.Range(0, count).Select(i => string.Format(CultureInfo.InvariantCulture, Templates[i % Templates.Length], i)).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2, CancellationToken = cancellationToken };

        using (var uncached = new StatementClassifier(new StatementClassifierOptions { CacheEntries = 0 }))
        {
            await Parallel.ForEachAsync(corpus.Take(10_000), parallel, async (sql, token) => await uncached.ReadAsync(sql, token));
            var before = Resident();
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(corpus, parallel, async (sql, token) => await uncached.ReadAsync(sql, token));
            var classifyRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            var afterClassify = Resident();
            started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(corpus, parallel, async (sql, token) => await uncached.NormalizeAsync(sql, token));
            var normalizeRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            var afterNormalize = Resident();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| uncached | {count} distinct | {classifyRate:F0} read/s | {normalizeRate:F0} normalized/s | resident MiB {before >> 20} → {afterClassify >> 20} → {afterNormalize >> 20} |"));
        }

        using (var shapes = new StatementClassifier())
        {
            var before = Resident();
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(corpus, parallel, async (sql, token) => await shapes.ReadAsync(sql, token));
            var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| by shape | {count} distinct | {rate:F0} read/s | {shapes.ShapeHits} from their shape | resident MiB {before >> 20} → {Resident() >> 20} |"));
        }

        using (var cache = new StatementClassifier())
        {
            var texts = corpus.Take(distinctCached).ToArray();
            foreach (var sql in texts)
            {
                await cache.ReadAsync(sql, cancellationToken);
            }
            var lookups = Math.Max(count, 1_000_000);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < lookups; i++)
            {
                await cache.ReadAsync(texts[i % texts.Length], cancellationToken);
            }
            var rate = lookups / Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| cached | {distinctCached} distinct | {rate:F0} read/s | | |"));
        }
        return ExitCodes.Ok;
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
