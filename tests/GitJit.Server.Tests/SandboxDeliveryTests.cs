using System.Net;
using System.Text.Json;
using GitJit.Core.Rendering;
using GitJit.Sandbox.GitHub;
using GitJit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Octokit.Webhooks;
using Octokit.Webhooks.Events.IssueComment;
using Octokit.Webhooks.Events.PullRequest;
using Octokit.Webhooks.Events.PullRequestReview;

namespace GitJit.Server.Tests;

/// <summary>
/// The sandbox's stand-in delivers webhooks of its own when people act: those deliveries must be GitHub's, read by the
/// webhook library and by the real server as GitHub's are.
/// </summary>
public sealed class SandboxDeliveryTests
{
    [Fact]
    public async Task TheStandInsOwnDeliveries_AreAcceptedByTheServer_WhichChecksAndPlansThePullRequest()
    {
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(world.Settings());
        world.App.DeliverTo(server.WebhookUrl, FlowWorld.Secret);

        var pullRequest = world.GitHub.People.OpenPullRequest("alice", world.Repository, Requests.AlicePath, Requests.AliceReadOnly, "Read orders");
        var waiting = await world.CheckRunAsync(server, pullRequest.HeadSha, 1);
        world.GitHub.People.Review("olga", pullRequest, FakeReviewVerdict.Approve);
        var approved = await world.CheckRunAsync(server, pullRequest.HeadSha, 2);
        await world.GitHub.WebhooksDeliveredAsync();

        Assert.All(world.GitHub.WebhookDeliveries, d => Assert.True(d.StatusCode is >= 200 and < 300, $"{d.Event}.{d.Action}: {d.StatusCode} {d.Error}"));
        // The bot's own plan comment is delivered back to it, as GitHub does; it acknowledges and ignores it.
        Assert.Equal(
            ["pull_request.opened", "issue_comment.created", "pull_request_review.submitted"],
            world.GitHub.WebhookDeliveries.Select(d => d.Event + "." + d.Action));
        Assert.Contains("\"sender\":{\"login\":\"gitjit[bot]\"", world.GitHub.WebhookDeliveries[1].Body, StringComparison.Ordinal);
        Assert.Equal(2, world.GitHub.CheckRuns.Count(c => c.HeadSha == pullRequest.HeadSha));
        Assert.Equal(("gitjit", "action_required"), (waiting.Name, waiting.Conclusion));
        Assert.Equal("success", approved.Conclusion);
        Assert.StartsWith(PlanMarkdown.Marker, Assert.Single(world.Repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPayloadTheStandInEmits_ReadsAsTheWebhookLibrarysEvent_WithTheKeysOfGitHubsPublishedExample()
    {
        await using var gitHub = await FakeGitHubServer.StartAsync();
        await using var receiver = await AcceptingEndpoint.StartAsync();
        gitHub.RegisterApp(FlowWorld.AppId).DeliverTo(receiver.Url, FlowWorld.Secret).AddInstallation(FlowWorld.InstallationId, "acme");
        gitHub.AddOrganization("acme", "alice", "bob");
        var repository = gitHub.AddRepository("acme", "access");
        repository.Commit(new Dictionary<string, string> { ["README.md"] = "access\n" });
        var people = gitHub.People;
        var first = people.OpenPullRequest("alice", repository, "a.txt", "a\n", "Add a", body: "Because");
        people.Push("alice", first, "a.txt", "b\n");
        people.Review("bob", first, FakeReviewVerdict.Approve);
        people.Review("bob", first, FakeReviewVerdict.RequestChanges, "Why?");
        people.Review("bob", first, FakeReviewVerdict.Comment, "Hm");
        people.Comment("alice", first, "/gitjit extend 30m");
        people.Merge("bob", first);
        var second = people.OpenPullRequest("bob", repository, "b.txt", "b\n", "Add b");
        people.Close("alice", second);
        people.Reopen("bob", second);

        await gitHub.WebhooksDeliveredAsync();
        var deliveries = gitHub.WebhookDeliveries;

        Assert.Equal(
            ["pull_request.opened", "pull_request.synchronize", "pull_request_review.submitted", "pull_request_review.submitted", "pull_request_review.submitted",
             "issue_comment.created", "pull_request.closed", "pull_request.opened", "pull_request.closed", "pull_request.reopened"],
            deliveries.Select(d => d.Event + "." + d.Action));
        var reader = new EventReader();
        foreach (var delivery in deliveries)
        {
            var read = reader.Read(delivery.Event, delivery.Body);
            Assert.IsType(ExpectedType(delivery.Event, delivery.Action), read);
            using var body = JsonDocument.Parse(delivery.Body);
            using var example = JsonDocument.Parse(Example(delivery.Event, delivery.Action!).Body);
            var what = $"{delivery.Event}.{delivery.Action}";
            Assert.Equal(Keys(example.RootElement).Except(["organization"]), Keys(body.RootElement).Except(["organization"]));
            Assert.True(body.RootElement.TryGetProperty("organization", out _), $"{what}: acme is an organization");
            foreach (var nested in new[] { "pull_request", "issue", "comment", "review" }.Where(n => example.RootElement.TryGetProperty(n, out _)))
            {
                var missing = Keys(example.RootElement.GetProperty(nested)).Except(Keys(body.RootElement.GetProperty(nested)));
                Assert.True(!missing.Any(), $"{what}: {nested} lacks {string.Join(", ", missing)}");
            }
            // A comment on a pull request is on its issue, which then names the pull request; the published examples are on plain issues.
            var extra = Keys(body.RootElement.GetProperty(delivery.Event == "issue_comment" ? "issue" : "pull_request"))
                .Except(Keys(example.RootElement.GetProperty(delivery.Event == "issue_comment" ? "issue" : "pull_request")))
                .Except(delivery.Event == "issue_comment" ? ["pull_request"] : []);
            Assert.True(!extra.Any(), $"{what}: has keys GitHub's example has not: {string.Join(", ", extra)}");
        }
    }

    private static Type ExpectedType(string eventName, string? action) => (eventName, action) switch
    {
        ("pull_request", "opened") => typeof(PullRequestOpenedEvent),
        ("pull_request", "synchronize") => typeof(PullRequestSynchronizeEvent),
        ("pull_request", "closed") => typeof(PullRequestClosedEvent),
        ("pull_request", "reopened") => typeof(PullRequestReopenedEvent),
        ("pull_request_review", "submitted") => typeof(PullRequestReviewSubmittedEvent),
        ("issue_comment", "created") => typeof(IssueCommentCreatedEvent),
        _ => throw new ArgumentException($"no expectation for {eventName}.{action}"),
    };

    /// <summary>
    /// GitHub's published example for the event and action sent to an App: one for an organization's repository where
    /// published (synchronize has only a user's), whose top-level keys are then the same but for <c>organization</c>.
    /// </summary>
    private static WebhookExample Example(string eventName, string action)
    {
        var examples = WebhookExamples.All.Where(e => e.Set == "api.github.com" && e.Event == eventName && e.Action == action && HasKeys(e, "installation")).ToList();
        return examples.FirstOrDefault(e => HasKeys(e, "organization")) ?? examples.First();
    }

    private static bool HasKeys(WebhookExample example, params string[] keys)
    {
        using var json = JsonDocument.Parse(example.Body);
        return keys.All(k => json.RootElement.TryGetProperty(k, out _));
    }

    private static SortedSet<string> Keys(JsonElement element) => new(element.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);

    /// <summary>The webhook library's own reading of a delivery into its event type, as its processor does before handing it on.</summary>
    private sealed class EventReader : WebhookEventProcessor
    {
        public WebhookEvent Read(string eventName, string body) =>
            DeserializeWebhookEvent(WebhookHeaders.Parse(new Dictionary<string, StringValues> { ["X-GitHub-Event"] = eventName }), body);
    }

    /// <summary>An App's webhook endpoint that answers 200 to everything.</summary>
    private sealed class AcceptingEndpoint(WebApplication app) : IAsyncDisposable
    {
        public Uri Url => new(app.Urls.Single() + "/webhooks");

        public static async Task<AcceptingEndpoint> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapPost("/webhooks", () => Results.Ok());
            await app.StartAsync();
            return new AcceptingEndpoint(app);
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
