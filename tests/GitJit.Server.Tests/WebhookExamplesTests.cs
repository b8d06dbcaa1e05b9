using System.Net;
using GitJit.Testing;
using Xunit.Abstractions;

namespace GitJit.Server.Tests;

/// <summary>
/// Every example delivery GitHub publishes (<c>@octokit/webhooks-examples</c>: every event and action, most of which
/// GitJit does not act on), really signed, sent over HTTP/1.1 and over HTTP/2 without TLS, with header names as
/// GitHub spells them and in lower case, to the real server whose GitHub is the fake.
/// </summary>
public sealed class WebhookExamplesTests(ITestOutputHelper output)
{
    public static TheoryData<string, HeaderCasing> Variants => new()
    {
        { "1.1", HeaderCasing.GitHub },
        { "1.1", HeaderCasing.Lower },
        { "2", HeaderCasing.GitHub },
        { "2", HeaderCasing.Lower },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryPublishedExample_IsAcknowledged(string protocol, HeaderCasing casing)
    {
        var examples = WebhookExamples.All;
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(ServerUnderTest.WithH2c(world.Settings()));
        var version = protocol == "2" ? HttpVersion.Version20 : HttpVersion.Version11;
        var url = protocol == "2" ? server.H2cWebhookUrl : server.WebhookUrl;
        using var http = Delivery.Client();

        var answers = new List<(WebhookExample Example, HttpStatusCode Status, string Text, Version Version)>();
        foreach (var example in examples)
        {
            var (status, text, answeredWith) = await Delivery.Signed(example.Event, example.Body, FlowWorld.Secret).SendAsync(http, url, version, casing);
            answers.Add((example, status, text, answeredWith));
        }

        output.WriteLine($"{answers.Count} examples ({examples.Select(e => e.Event + "." + e.Action).Distinct().Count()} events × actions) over HTTP/{protocol}, {casing} header names: "
            + string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}")));
        var wrong = answers.Where(a => (int)a.Status is < 200 or > 299 || a.Version != version).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {answers.Count} examples not acknowledged over HTTP/{protocol} with {casing} header names:\n"
            + string.Join("\n", wrong.Take(40).Select(w => $"{w.Example}: {(int)w.Status} HTTP/{w.Version} {w.Text}")));

        // The examples GitJit acts on name repositories and installations the fake GitHub does not know: their jobs run,
        // GitHub answers 404, and they wait for a bounded number of retries; none fails in GitJit's own code.
        await server.JobsDoneAsync();
        var jobs = Jobs(server).ToList();
        foreach (var (summary, _) in jobs) output.WriteLine(summary);
        Assert.NotEmpty(jobs);
        Assert.All(jobs, job => Assert.True(
            job.State is { StateName: "Succeeded" } or { StateName: "Scheduled", Reason: "Retry attempt 1 of 10: Not Found" }, job.Summary));
    }

    /// <summary>Each job made for a delivery (not a recurring one's): its type, arguments and history, and its state now.</summary>
    private static IEnumerable<(string Summary, Hangfire.Storage.Monitoring.StateHistoryDto? State)> Jobs(ServerUnderTest server)
    {
        var monitoring = server.Jobs.GetMonitoringApi();
        var ids = monitoring.SucceededJobs(0, 1000).Select(j => j.Key)
            .Concat(monitoring.FailedJobs(0, 1000).Select(j => j.Key))
            .Concat(monitoring.ScheduledJobs(0, 1000).Select(j => j.Key))
            .Concat(monitoring.ProcessingJobs(0, 1000).Select(j => j.Key))
            .Concat(monitoring.EnqueuedJobs("default", 0, 1000).Select(j => j.Key));
        foreach (var id in ids)
        {
            var details = monitoring.JobDetails(id);
            if (ServerUnderTest.IsRecurring(details?.Job)) continue;
            yield return ($"job {id} {details?.Job?.Type.Name}.{details?.Job?.Method.Name}({string.Join(", ", details?.Job?.Args.Take(4) ?? [])}): "
                + string.Join(" ← ", details?.History.Select(h => $"{h.StateName} {h.Reason}") ?? []), details?.History.FirstOrDefault());
        }
    }
}
