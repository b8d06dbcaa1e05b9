using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GitJit.Core.Audit;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>load</c>: several server instances on one PostgreSQL take pull-request events in bursts, and merges, with a
/// share of deliveries delivered again to another instance (GitHub's redelivery); then checks that every pull request
/// was evaluated once (one check run, one comment) and every merge granted once, and reports how long it took.
/// </summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var instances = new Option<int>("--instances") { Description = "Server instances sharing the job storage.", DefaultValueFactory = _ => 3 };
        var events = new Option<int>("--events") { Description = "Pull requests opened (one event each).", DefaultValueFactory = _ => 1000 };
        var merges = new Option<int>("--merges") { Description = "Pull requests merged (one event each, each a grant).", DefaultValueFactory = _ => 200 };
        var burst = new Option<int>("--burst") { Description = "Deliveries sent at once (each instance answers 503 past 32 at a time: GitJit:Webhooks).", DefaultValueFactory = _ => 60 };
        var command = new Command("load", "Bursts of pull-request events and merges over several instances: each evaluated once, each merge granted once.")
            { instances, events, merges, burst };
        command.SetAction((result, _) => RunAsync(result.GetValue(instances), result.GetValue(events), result.GetValue(merges), result.GetValue(burst)));
        return command;
    }

    private static async Task<int> RunAsync(int instances, int events, int merges, int burst)
    {
        await using var bench = await ServerBench.StartAsync(instances);
        var opened = Enumerable.Range(0, events).Select(_ => bench.PullRequest(TimeSpan.FromHours(1), merged: false)).ToList();
        var merged = Enumerable.Range(0, merges).Select(_ => bench.PullRequest(TimeSpan.FromHours(1), merged: true)).ToList();
        // Merges spread among the events, as they come in life.
        var deliveries = opened.Concat(merged).OrderBy(_ => Random.Shared.Next()).ToList();

        var started = Stopwatch.GetTimestamp();
        var sent = 0;
        var again = 0;
        foreach (var chunk in deliveries.Chunk(burst))
        {
            await Task.WhenAll(chunk.Select(async (d, i) =>
            {
                var id = Guid.NewGuid().ToString();
                await bench.DeliverAsync(bench.Webhooks[i % instances], d.Payload, id);
                Interlocked.Increment(ref sent);
                if (i % 5 == 0)
                {
                    await bench.DeliverAsync(bench.Webhooks[(i + 1) % instances], d.Payload, id);
                    Interlocked.Increment(ref again);
                }
            }));
        }
        var accepted = Stopwatch.GetElapsedTime(started);
        await bench.JobsDoneAsync(TimeSpan.FromMinutes(20));
        var done = Stopwatch.GetElapsedTime(started);

        var checkRuns = bench.GitHub.CheckRuns.GroupBy(c => c.HeadSha).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var history = bench.History();
        var granted = history.Where(r => r.Event == AuditEvent.Granted).GroupBy(r => r.PullRequest!.Value).ToDictionary(g => g.Key, g => g.Count());
        var access = await bench.AccessAsync();
        var violations = new List<string>();
        foreach (var (pullRequest, _) in opened)
        {
            if (checkRuns.GetValueOrDefault(pullRequest.HeadSha) != 1) violations.Add($"#{pullRequest.Number}: {checkRuns.GetValueOrDefault(pullRequest.HeadSha)} check runs");
            if (bench.Repository.Comments(pullRequest.Number).Count != 1) violations.Add($"#{pullRequest.Number}: {bench.Repository.Comments(pullRequest.Number).Count} comments");
        }
        foreach (var (pullRequest, _) in merged)
        {
            if (granted.GetValueOrDefault(pullRequest.Number) != 1) violations.Add($"#{pullRequest.Number}: {granted.GetValueOrDefault(pullRequest.Number)} granted records");
            if (access.Count(a => a.GrantId == $"acme/access#{pullRequest.Number}") != 1) violations.Add($"#{pullRequest.Number}: no access");
        }
        if (history.Any(r => r.Event != AuditEvent.Granted)) violations.Add($"{history.Count(r => r.Event != AuditEvent.Granted)} records other than granted");
        if (bench.FailedJobs > 0) violations.Add($"{bench.FailedJobs} failed jobs");

        var retried = bench.RetriedJobs();
        Console.WriteLine("| instances | events | merges | deliveries (again) | all accepted after | all handled after | events/s handled | jobs retried | violations |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {instances} | {events} | {merges} | {sent} ({again}) | {accepted.TotalSeconds:F1} s | {done.TotalSeconds:F1} s | {(events + merges) / done.TotalSeconds:F0} | {retried} | {violations.Count} |"));
        foreach (var violation in violations.Take(20)) Console.WriteLine("violation: " + violation);
        return violations.Count == 0 ? ExitCodes.Ok : ExitCodes.Violations;
    }
}
