using System.Net;
using GitJit.Core.Audit;
using GitJit.Testing;

namespace GitJit.Server.Tests;

/// <summary>
/// Three instances share one PostgreSQL and take GitHub's deliveries in bursts, some delivered twice (a redelivery to
/// another instance): every pull request is evaluated once — one check run, one comment — and every merge is granted
/// once. The benchmark <c>load</c> runs the same with 1,000 events and 200 merges.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class ThreeInstancesLoadTests
{
    private const int Opened = 45;
    private const int Merged = 9;

    [Fact]
    public async Task BurstsOfEventsAndMerges_OnThreeInstances_EachPullRequestEvaluatedOnce_EachMergeGrantedOnce()
    {
        var storage = await TestPostgres.CreateDatabaseAsync();
        await using var real = await RealGrantWorld.StartAsync(s => s["ConnectionStrings:GitJit"] = storage);
        ServerUnderTest[] servers = [real.Server, await real.StartInstanceAsync(), await real.StartInstanceAsync()];
        var world = real.World;
        var opened = Enumerable.Range(0, Opened).Select(_ => world.Open(Requests.AliceReadOnly)).ToList();
        var merged = Enumerable.Range(0, Merged).Select(_ =>
        {
            var pullRequest = world.Open(Requests.AliceWith("duration", "1h"));
            pullRequest.AddReview("olga", "APPROVED");
            pullRequest.Merge(world.Repository.Commit(world.Repository.TreeAt(pullRequest.HeadSha), world.BaseSha));
            return pullRequest;
        }).ToList();

        // Three bursts, each spread over the instances; every third delivery is delivered again to the next instance.
        var deliveries = opened.Select(p => (Event: "opened", PullRequest: p)).Concat(merged.Select(p => (Event: "closed", PullRequest: p))).ToList();
        foreach (var burst in deliveries.Chunk((deliveries.Count + 2) / 3))
        {
            await Task.WhenAll(burst.Select(async (d, i) =>
            {
                var payload = world.Payload("pull_request", d.Event, d.PullRequest);
                var id = Guid.NewGuid().ToString();
                await AcceptedAsync(world.GitHub.SendWebhookAsync(servers[i % 3].WebhookUrl, "pull_request", payload, FlowWorld.Secret, id));
                if (i % 3 == 0) await AcceptedAsync(world.GitHub.SendWebhookAsync(servers[(i + 1) % 3].WebhookUrl, "pull_request", payload, FlowWorld.Secret, id));
            }));
        }
        foreach (var server in servers) await server.JobsDoneAsync();

        Assert.All(opened, p =>
        {
            Assert.Single(world.GitHub.CheckRuns, c => c.HeadSha == p.HeadSha);
            Assert.Single(world.Repository.Comments(p.Number));
        });
        var history = real.History;
        Assert.All(merged, p => Assert.Single(history, e => e.Record.PullRequest == p.Number && e.Record.Event == AuditEvent.Granted));
        Assert.DoesNotContain(history, e => e.Record.Event != AuditEvent.Granted);
        Assert.Equal(Merged, (await real.AccessAsync()).Count);
        Assert.All(merged, p => Assert.Single(world.Repository.Comments(p.Number), c => c.Body.Contains("🔑 Granted", StringComparison.Ordinal)));
        Assert.Equal(0L, real.Server.Jobs.GetMonitoringApi().FailedCount());
    }

    private static async Task AcceptedAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
