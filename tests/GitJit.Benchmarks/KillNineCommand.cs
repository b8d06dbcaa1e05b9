using System.CommandLine;
using System.Globalization;
using GitJit.Testing;
using GitJit.Testing.Faults;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>kill-nine</c>: the kill -9 fault harness many times, the kill points taken in turn, a few runs at once in one
/// throwaway PostgreSQL cluster: per kill point how many runs, how late the role went past its expiry (max, p50), and
/// the invariants broken (none expected). Each run's story for those that broke one follows the table.
/// </summary>
internal static class KillNineCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Runs, the kill points taken in turn.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int?>("--seed") { Description = $"The seed of the random kill moments (default: {KillNinePlan.SeedVariable}, else a new one)." };
        var parallel = new Option<int>("--parallel") { Description = "Runs at the same time (each has its own server process).", DefaultValueFactory = _ => 4 };
        var survivor = new Option<bool>("--survivor") { Description = "Run a second instance on the same database; the killed one stays dead and the survivor finishes its work." };
        var command = new Command("kill-nine", "Kill the real server with SIGKILL at chosen moments of grants' lives and check the invariants after each restart.") { runs, seed, parallel, survivor };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(runs), result.GetValue(seed) ?? KillNinePlan.SeedFromEnvironment(), Math.Max(1, result.GetValue(parallel)), result.GetValue(survivor), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int runs, int seed, int parallel, bool survivor, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "gitjit-faults", string.Create(CultureInfo.InvariantCulture, $"bench-{(uint)seed:x8}-{Guid.NewGuid():N}")[..32]);
        await Console.Error.WriteLineAsync(Invariant($"kill-nine: {runs} runs, seed {seed}, {parallel} at a time{(survivor ? ", each with a surviving second instance" : "")}; files in {folder}"));
        var cluster = TestPostgres.NewCluster(maxConnections: 100 + (parallel * (survivor ? 120 : 60)));
        var outcomes = new List<KillNineOutcome>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(KillNinePlan.Mixed(seed, runs, survivor), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (plan, token) =>
        {
            KillNineOutcome outcome;
            try
            {
                outcome = await KillNineScenario.RunAsync(plan, cluster, Path.Combine(folder, plan.Name), token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Npgsql.NpgsqlException or HttpRequestException)
            {
                outcome = new KillNineOutcome(plan, Path.Combine(folder, plan.Name));
                outcome.Violation("the run itself failed: " + e.Message);
            }
            string progress;
            lock (outcomes)
            {
                outcomes.Add(outcome);
                progress = Invariant($"[{outcomes.Count}/{runs} {clock.Elapsed:hh\\:mm\\:ss}] {plan}: {(outcome.Violations.Count == 0 ? "clean" : $"{outcome.Violations.Count} violation(s)")}, lateness {Seconds(outcome.Lateness)}");
            }
            await Console.Error.WriteLineAsync(progress).ConfigureAwait(false);
        }).ConfigureAwait(false);

        Console.WriteLine(Invariant($"kill -9 harness: {runs} runs, seed {seed}{(survivor ? ", a second instance surviving each kill" : "")}, {clock.Elapsed.TotalMinutes:F1} min"));
        Console.WriteLine();
        Console.WriteLine("| kill point | runs | killed | role seen | max lateness | p50 lateness | max record lateness | runs with violations |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var point in Enum.GetValues<KillPoint>())
        {
            var mine = outcomes.Where(o => o.Plan.Point == point).ToList();
            var lateness = mine.Where(o => o.Lateness is not null).Select(o => o.Lateness!.Value.TotalSeconds).Order().ToList();
            var recorded = mine.Where(o => o.RecordLateness is not null).Select(o => o.RecordLateness!.Value.TotalSeconds).Order().ToList();
            Console.WriteLine(Invariant($"| {point} | {mine.Count} | {mine.Count(o => o.Killed)} | {lateness.Count} | {Stat(lateness, 1)} | {Stat(lateness, 0.5)} | {Stat(recorded, 1)} | {mine.Count(o => o.Violations.Count > 0)} |"));
        }
        Console.WriteLine();
        Console.WriteLine(Invariant($"Lateness is when the role was last seen in the target minus its expiry (negative: gone before it); a role still there at expiry + {KillNineScenario.Cap.TotalSeconds:F0} s counts as {KillNineScenario.Cap.TotalSeconds:F0} s. The bound is {KillNineScenario.Bound.TotalSeconds:F0} s. Record lateness is the revoked or orphan-revoked record's time minus the expiry."));
        foreach (var broken in outcomes.Where(o => o.Violations.Count > 0).OrderBy(o => o.Plan.Index))
        {
            Console.WriteLine();
            Console.WriteLine(broken.Describe());
        }
        return outcomes.Any(o => o.Violations.Count > 0) ? ExitCodes.Violations : ExitCodes.Ok;
    }

    private static string Stat(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? "–" : Invariant($"{sorted[(int)Math.Min(sorted.Count - 1, quantile * sorted.Count)]:F1} s");

    private static string Seconds(TimeSpan? lateness) => lateness is { } late ? Invariant($"{late.TotalSeconds:F1} s") : "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
