using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using CoreRepository = GitJit.Core.Repository.AccessRepository;
using GitJit.Testing;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>evaluate DIR</c>: the bot's work for one pull-request event without GitHub's round trips, timed per event —
/// open the base branch's rules (schemas, CODEOWNERS, the one policy needed) from files already fetched, and decide a
/// pull request that adds one of the repository's requests. Reports p50, p99 and max over many events.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A generated access repository (see generate)." };
        var events = new Option<int>("--events") { Description = "Pull-request events to decide.", DefaultValueFactory = _ => 2000 };
        var command = new Command("evaluate", "Time the decision for one pull-request event, excluding GitHub round trips.") { directory, events };
        command.SetAction((result, token) => RunAsync(result.GetValue(directory)!, result.GetValue(events), token));
        return command;
    }

    private static async Task<int> RunAsync(string directory, int events, CancellationToken cancellationToken)
    {
        // What the job fetches from GitHub for one event: the base commit's schemas, CODEOWNERS and policies, and the
        // added request. Held in memory, as they would be once fetched.
        var snapshot = new InMemorySnapshot();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            snapshot.With(Path.GetRelativePath(directory, file).Replace('\\', '/'), await File.ReadAllBytesAsync(file, cancellationToken));
        }
        var requests = (await snapshot.ListFilesAsync(CoreRepository.RequestsDirectory, cancellationToken)).ToList();
        var teams = TeamDirectory.From([], isComplete: true);

        var timings = new double[events];
        for (var i = 0; i < events + 50; i++)
        {
            var path = requests[i * 7919 % requests.Count];
            var content = (await snapshot.ReadFileAsync(path, 64 * 1024, cancellationToken))!.Content;
            var started = Stopwatch.GetTimestamp();
            var baseBranch = await CoreRepository.OpenAsync(snapshot, cancellationToken);
            var requester = RequesterOf(content.Span);
            var facts = new PullRequestFacts(requester, new string('a', 40), [new ChangedFile(path, ChangeKind.Added, content)], []);
            var decision = await PullRequestDecider.DecideAsync(baseBranch, facts, teams, TimeProvider.System.GetUtcNow(), cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (decision.Status == DecisionStatus.Refused) throw new InvalidOperationException($"{path} was refused: {decision.Errors.First().Message}");
            if (i >= 50) timings[i - 50] = elapsed;
        }

        Array.Sort(timings);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| events | requests in repository | p50 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- |\n| {events} | {requests.Count} | {timings[events / 2]:F2} | {timings[(int)(events * 0.99)]:F2} | {timings[^1]:F2} |"));
        return 0;
    }

    private static string RequesterOf(ReadOnlySpan<byte> content)
    {
        var text = System.Text.Encoding.UTF8.GetString(content);
        var line = text.Split('\n').First(l => l.StartsWith("requester:", StringComparison.Ordinal));
        return line["requester:".Length..].Trim();
    }
}
