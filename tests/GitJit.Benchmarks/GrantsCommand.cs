using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>grants</c>: the real server (PostgreSQL job storage, the PostgreSQL provider on a real target, the audit trail
/// pushed to a bare git repository) driven by signed merge webhooks from the fake GitHub. Measures merge → role usable
/// (p50, p99), revocation lateness over grants with staggered expiries (p50, p99, max; lateness is the revoked
/// record's time, taken after the role is gone, minus the expiry), and a burst of grants expiring in the same minute:
/// how long until every one is revoked and recorded, in how many commits and pushes.
/// </summary>
internal static class GrantsCommand
{

    public static Command Create()
    {
        var usable = new Option<int>("--usable") { Description = "Merges timed until the role is usable.", DefaultValueFactory = _ => 50 };
        var staggered = new Option<int>("--staggered") { Description = "Grants with staggered expiries, for revocation lateness.", DefaultValueFactory = _ => 200 };
        var burst = new Option<int>("--burst") { Description = "Grants expiring in the same minute.", DefaultValueFactory = _ => 1000 };
        var pages = new Option<int>("--pages") { Description = "Requests timed per page (grant page, list, reveal), with 50 active grants.", DefaultValueFactory = _ => 200 };
        var command = new Command("grants", "Measure merge → usable, revocation lateness, a burst of expiries, and the pages.") { usable, staggered, burst, pages };
        command.SetAction((result, _) => RunAsync(result.GetValue(usable), result.GetValue(staggered), result.GetValue(burst), result.GetValue(pages)));
        return command;
    }

    private static async Task<int> RunAsync(int usable, int staggered, int burst, int pages)
    {
        await using var bench = await ServerBench.StartAsync();
        if (pages > 0) await PagesAsync(bench, pages);
        if (usable > 0)
        {
            // The first merge pays for start-up (JIT, connection pools, the audit mirror's first fetch): reported apart.
            var cold = await bench.MergeUntilUsableAsync(TimeSpan.FromHours(1));
            Console.WriteLine(Invariant($"merge → usable, first merge after start: {cold:F0} ms"));
            var times = new List<double>();
            for (var i = 0; i < usable; i++) times.Add(await bench.MergeUntilUsableAsync(TimeSpan.FromHours(1)));
            times.Sort();
            Console.WriteLine(Invariant($"merge → usable, {usable} merges one after another: p50 {Percentile(times, 0.5):F0} ms, p99 {Percentile(times, 0.99):F0} ms, max {times[^1]:F0} ms"));
        }
        if (staggered > 0)
        {
            // Expiries spread over about a minute, from 20 s after each merge.
            var numbers = new List<int>();
            await Parallel.ForEachAsync(Enumerable.Range(0, staggered), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var number = await bench.MergeAsync(TimeSpan.FromSeconds(20 + (i * 60 / Math.Max(1, staggered))));
                lock (numbers) numbers.Add(number);
            });
            var lateness = await bench.RevokedLatenessAsync(numbers, TimeSpan.FromMinutes(5));
            Console.WriteLine(Invariant($"revocation lateness, {staggered} grants with staggered expiries: p50 {Percentile(lateness, 0.5):F0} ms, p99 {Percentile(lateness, 0.99):F0} ms, max {lateness[^1]:F0} ms"));
        }
        if (burst > 0)
        {
            // Grants made through the grant workflow itself (provider, schedule, record, comment) — not through merge
            // webhooks, whose decision would spread the grant times — so that every expiry falls in one minute that
            // starts once all of them can have been provisioned.
            var clock = Stopwatch.StartNew();
            var minute = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(60, burst / 8));
            var numbers = new List<int>();
            var pushesBefore = bench.Pushes;
            await Parallel.ForEachAsync(Enumerable.Range(0, burst), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var number = await bench.GrantAsync(minute + TimeSpan.FromSeconds(i * 59.0 / burst));
                lock (numbers) numbers.Add(number);
            });
            Console.WriteLine(Invariant($"burst: {burst} grants provisioned, recorded and announced in {clock.Elapsed.TotalSeconds:F0} s ({burst / clock.Elapsed.TotalSeconds:F1}/s, {bench.Pushes - pushesBefore} pushes)"));
            pushesBefore = bench.Pushes;
            var lateness = await bench.RevokedLatenessAsync(numbers, TimeSpan.FromMinutes(10));
            var (first, last, lastRevoked, commits) = bench.BurstSummary(numbers);
            Console.WriteLine(Invariant(
                $"burst: expiries from {first:HH:mm:ss.f} to {last:HH:mm:ss.f}; the last revocation recorded {(lastRevoked - last).TotalSeconds:F1} s after the last expiry; lateness p50 {Percentile(lateness, 0.5):F0} ms, p99 {Percentile(lateness, 0.99):F0} ms, max {lateness[^1]:F0} ms; {commits} revocation commits in {bench.Pushes - pushesBefore} pushes"));
        }
        return 0;
    }

    /// <summary>
    /// The pages as a signed-in requester sees them, over plain HTTP on loopback: the grant page, the list of 50 active
    /// grants (served from the snapshot, and read afresh from git and the target), and a reveal (new password + audit
    /// commit pushed to the bare remote).
    /// </summary>
    private static async Task PagesAsync(ServerBench bench, int count)
    {
        var numbers = new List<int>();
        for (var i = 0; i < 50; i++) numbers.Add(await bench.GrantAsync(TimeProvider.System.GetUtcNow() + TimeSpan.FromHours(1)));
        using var http = await bench.SignInAsync("alice");
        var grantPage = $"/grants/acme/access/{numbers[0]}";
        var html = await http.GetStringAsync(grantPage);
        var token = System.Text.RegularExpressions.Regex.Match(html, "action=\"[^\"]*/reveal\"><input type=\"hidden\" name=\"__gitjit_csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        await http.GetStringAsync("/grants");

        async Task<List<double>> TimeAsync(Func<Task<HttpResponseMessage>> send)
        {
            var times = new List<double>();
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send();
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            return times;
        }
        void Report(string what, List<double> times) =>
            Console.WriteLine(Invariant($"pages: {what}, {times.Count} requests: p50 {Percentile(times, 0.5):F1} ms, p99 {Percentile(times, 0.99):F1} ms, max {times[^1]:F1} ms"));

        Report("grant page (reads the pull request's records from git)", await TimeAsync(() => http.GetAsync(grantPage)));
        Report("list of 50 grants (snapshot, at most 2 s old)", await TimeAsync(() => http.GetAsync("/grants")));
        Report("list of 50 grants read afresh (git, roles, sessions)", await TimeAsync(() =>
        {
            bench.Services.GetRequiredService<GitJit.Server.Pages.GrantDirectory>().Invalidate();
            return http.GetAsync("/grants");
        }));
        Report("reveal (new password, audit commit pushed)", await TimeAsync(() =>
            http.PostAsync(grantPage + "/reveal", new FormUrlEncodedContent([new("__gitjit_csrf", token)]))));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
