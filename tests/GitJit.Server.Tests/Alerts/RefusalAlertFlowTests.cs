using System.Net;
using System.Text.Json.Nodes;
using GitJit.Gateway.Sessions;
using GitJit.Server.Alerts;
using GitJit.Testing;
using Hangfire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GitJit.Server.Tests.Alerts;

/// <summary>
/// Refusals told through the running server: a comment on the grant's pull request in the fake GitHub and a POST to a
/// webhook receiver on loopback, each at once for the first refusal and as one summary for the repeats.
/// </summary>
public sealed class RefusalAlertFlowTests : IAsyncLifetime
{
    private const string Marker = "⛔ The gateway refused";

    private FlowWorld world = null!;
    private WebApplication receiver = null!;
    private readonly List<JsonNode> received = [];
    private int failuresLeft;

    public async Task InitializeAsync()
    {
        world = await FlowWorld.CreateAsync();
        receiver = WebApplication.CreateSlimBuilder().Build();
        receiver.Urls.Add("http://127.0.0.1:0");
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            if (Interlocked.Decrement(ref failuresLeft) >= 0) return Results.StatusCode(503);
            var body = await JsonNode.ParseAsync(request.Body);
            lock (received) received.Add(body!);
            return Results.Ok();
        });
        await receiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await world.DisposeAsync();
    }

    private Uri HookUrl => new(new Uri(receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/hook");

    private static StatementEvent Refused(string guardrail, string text) =>
        new(TimeProvider.System.GetUtcNow(), text, "0123456789abcdef", "delete", StatementOutcome.Refused, "42501", null, TimeSpan.Zero, guardrail,
            $"refused by guardrail {guardrail}: DELETE on marts.x without a WHERE clause");

    [Fact]
    public async Task A_refusal_is_told_at_once_on_the_pull_request_and_to_the_webhook_and_repeats_come_as_one_summary()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        var settings = world.Settings();
        settings["GitJit:Alerts:WebhookUrl"] = HookUrl.ToString();
        // Long enough that the thirty below fall inside the first refusal's interval however slowly its comment is posted
        // (at 2 s a cold start on a loaded machine let the interval pass first, and the thirty opened a window of their own).
        settings["GitJit:Alerts:CommentInterval"] = "00:00:08";
        settings["GitJit:Alerts:WebhookInterval"] = "00:00:08";
        await using var server = await ServerUnderTest.StartAsync(settings);
        var alerts = server.Services.GetRequiredService<RefusalAlerts>();
        var session = new GatewaySession(Guid.NewGuid(), $"acme/access#{pullRequest.Number}", "gitjit_alice_0123456789", new IPEndPoint(IPAddress.Parse("10.1.2.3"), 50123),
            "psql", TimeProvider.System.GetUtcNow(), "test");

        alerts.Statement(session, Refused("requireWhere", "delete from marts.x"));
        await UntilAsync(() => world.Repository.Comments(pullRequest.Number).Any(c => c.Body.Contains(Marker, StringComparison.Ordinal)) && Count() == 1);
        var first = Assert.Single(world.Repository.Comments(pullRequest.Number), c => c.Body.Contains(Marker, StringComparison.Ordinal));
        Assert.Contains("`requireWhere`", first.Body, StringComparison.Ordinal);
        Assert.Contains("`delete from marts.x`", first.Body, StringComparison.Ordinal);
        Assert.Contains("`10.1.2.3:50123`", first.Body, StringComparison.Ordinal);
        Assert.Contains($"grant acme/access#{pullRequest.Number}", Texts()[0], StringComparison.Ordinal);

        for (var i = 0; i < 30; i++) alerts.Statement(session, Refused(i % 3 == 0 ? "blockedStatements" : "requireWhere", "delete from marts.x"));
        await UntilAsync(() => world.Repository.Comments(pullRequest.Number).Count(c => c.Body.Contains(Marker, StringComparison.Ordinal)) == 2 && Count() == 2);
        var summary = world.Repository.Comments(pullRequest.Number).Where(c => c.Body.Contains(Marker, StringComparison.Ordinal)).Last();
        Assert.Contains("…and 29 more statements refused since", summary.Body, StringComparison.Ordinal);
        Assert.Contains("requireWhere ×20, blockedStatements ×9", summary.Body, StringComparison.Ordinal);
        Assert.Contains("…and 29 more statements refused since: requireWhere ×20, blockedStatements ×9.", Texts()[1], StringComparison.Ordinal);

        // Nothing more comes of those thirty.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await server.JobsDoneAsync();
        Assert.Equal(2, world.Repository.Comments(pullRequest.Number).Count(c => c.Body.Contains(Marker, StringComparison.Ordinal)));
        Assert.Equal(2, Count());
    }

    [Fact]
    public async Task A_webhook_that_fails_is_tried_again_and_the_session_never_waits()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        failuresLeft = 1;
        var settings = world.Settings();
        settings["GitJit:Alerts:WebhookUrl"] = HookUrl.ToString();
        settings["GitJit:Alerts:Comments"] = "false";
        settings["GitJit:Alerts:WebhookInterval"] = "01:00:00";
        await using var server = await ServerUnderTest.StartAsync(settings);
        var alerts = server.Services.GetRequiredService<RefusalAlerts>();
        var session = new GatewaySession(Guid.NewGuid(), $"acme/access#{pullRequest.Number}", "gitjit_alice_0123456789", new IPEndPoint(IPAddress.Loopback, 1), null,
            TimeProvider.System.GetUtcNow(), "test");

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < 20_000; i++) alerts.Statement(session, Refused("requireWhere", "delete from marts.x"));
        // Queueing is all a session pays, even past the queue's capacity (the rest are dropped and counted).
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));

        // Hangfire's retry waits ~15–45 s before the first retry: move the failed job along instead of waiting it out.
        await UntilAsync(() => Volatile.Read(ref failuresLeft) == 0, TimeSpan.FromSeconds(20));
        var monitor = server.Jobs.GetMonitoringApi();
        await UntilAsync(() => monitor.ScheduledCount() > 0 || Count() > 0, TimeSpan.FromSeconds(20));
        var jobs = new BackgroundJobClient(server.Jobs);
        foreach (var scheduled in monitor.ScheduledJobs(0, 10)) jobs.Requeue(scheduled.Key);
        await UntilAsync(() => Count() == 1, TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(world.Repository.Comments(pullRequest.Number), c => c.Body.Contains(Marker, StringComparison.Ordinal));
    }

    private int Count()
    {
        lock (received) return received.Count;
    }

    private List<string> Texts()
    {
        lock (received) return [.. received.Select(r => (string)r["text"]!)];
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > (timeout ?? TimeSpan.FromSeconds(20))) throw new TimeoutException("the condition did not come true in time");
            await Task.Delay(50);
        }
    }
}
