using System.Net;
using System.Text.Json.Nodes;
using GitJit.Core.Rendering;
using GitJit.Testing;
using GitJit.Testing.FakeGitHub;
using Hangfire;

namespace GitJit.Server.Tests;

/// <summary>
/// The whole path a reviewer meets, over real HTTP: GitHub (the fake) signs and sends a webhook, the server queues a
/// job, the job reads the pull request through Octokit and publishes the check run and the plan comment.
/// </summary>
public sealed class PullRequestFlowTests : IAsyncLifetime
{
    private const string Secret = "webhook secret for the flow tests";
    private const long AppId = 101;
    private const long InstallationId = 7;

    private FakeGitHubServer github = null!;
    private ServerUnderTest server = null!;
    private FakeRepository repository = null!;
    private string baseSha = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHubServer.StartAsync();
        var app = github.RegisterApp(AppId);
        app.AddInstallation(InstallationId, "acme");
        github.AddTeam("acme", "engineering", "alice", "bob", "carol");
        github.AddTeam("acme", "support-leads");
        github.AddTeam("acme", "orders-dba", "olga", "alice");
        repository = github.AddRepository("acme", "access");
        baseSha = repository.Commit(ExampleFiles());
        server = await ServerUnderTest.StartAsync(ServerUnderTest.Settings(github.ApiUrl, AppId, app.PrivateKeyPem, Secret));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await github.DisposeAsync();
    }

    [Fact]
    public async Task OpenedRequest_GetsAWaitingCheck_AndOnePlanComment()
    {
        var pullRequest = Open(Requests.AliceReadOnly);

        await DeliverAsync("pull_request", "opened", pullRequest);

        var check = await CheckRunAsync(pullRequest.HeadSha, 1);
        Assert.Equal(("gitjit", "completed", "action_required"), (check.Name, check.Status, check.Conclusion));
        var comment = Assert.Single(repository.Comments(pullRequest.Number));
        Assert.StartsWith(PlanMarkdown.Marker, comment.Body, StringComparison.Ordinal);
        Assert.Contains("**`@alice`** gets the **read-only** role on **orders-db** for **2h**", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeOwnerApproval_TurnsTheCheckGreen_AndEditsTheSameComment()
    {
        var pullRequest = Open(Requests.AliceReadOnly);
        await DeliverAsync("pull_request", "opened", pullRequest);
        await CheckRunAsync(pullRequest.HeadSha, 1);

        pullRequest.AddReview("olga", "APPROVED");
        await DeliverAsync("pull_request_review", "submitted", pullRequest);

        Assert.Equal("success", (await CheckRunAsync(pullRequest.HeadSha, 2)).Conclusion);
        var comment = Assert.Single(repository.Comments(pullRequest.Number));
        Assert.Contains("✅ `@olga` approved", comment.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", "is the requester")]
    [InlineData("bob", "is not a code owner")]
    public async Task ApprovalThatMustNotCount_LeavesTheCheckWaiting(string reviewer, string reason)
    {
        var pullRequest = Open(Requests.AliceReadOnly);

        pullRequest.AddReview(reviewer, "APPROVED");
        await DeliverAsync("pull_request_review", "submitted", pullRequest);

        Assert.Equal("action_required", (await CheckRunAsync(pullRequest.HeadSha, 1)).Conclusion);
        Assert.Contains(reason, Assert.Single(repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAfterApproval_InvalidatesIt()
    {
        var pullRequest = Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        var changed = Requests.AliceWith("duration", "1h");
        pullRequest.Push(repository.Commit(repository.TreeAt(baseSha).Clone().With(Requests.AlicePath, changed), pullRequest.HeadSha));
        await DeliverAsync("pull_request", "synchronize", pullRequest);

        var check = await CheckRunAsync(pullRequest.HeadSha, 1);
        Assert.Equal("action_required", check.Conclusion);
        Assert.Contains("approved an earlier commit", Assert.Single(repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidRequest_FailsTheCheck_WithAnnotationsAtItsLines()
    {
        var pullRequest = Open(Requests.AliceWith("duration", "9h"));

        await DeliverAsync("pull_request", "opened", pullRequest);

        var check = await CheckRunAsync(pullRequest.HeadSha, 1);
        Assert.Equal("failure", check.Conclusion);
        var annotation = Assert.Single(check.Annotations, a => a.Title == "request.duration-too-long");
        Assert.Equal((Requests.AlicePath, 4), (annotation.Path, annotation.StartLine));
    }

    [Fact]
    public async Task ForgedAndReplayedDeliveries_ChangeNothing()
    {
        var pullRequest = Open(Requests.AliceReadOnly);
        var payload = Payload("pull_request", "opened", pullRequest);
        var delivery = Guid.NewGuid().ToString();

        using var forged = await github.SendWebhookAsync(server.WebhookUrl, "pull_request", payload, "not the secret");
        using var first = await github.SendWebhookAsync(server.WebhookUrl, "pull_request", payload, Secret, delivery);
        await CheckRunAsync(pullRequest.HeadSha, 1);
        using var replayed = await github.SendWebhookAsync(server.WebhookUrl, "pull_request", payload, Secret, delivery);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK), (forged.StatusCode, first.StatusCode, replayed.StatusCode));
        Assert.Single(github.CheckRuns, c => c.HeadSha == pullRequest.HeadSha);
    }

    private FakePullRequest Open(string request)
    {
        var head = repository.Commit(repository.TreeAt(baseSha).Clone().With(Requests.AlicePath, request), baseSha);
        return repository.OpenPullRequest("alice", baseSha, head);
    }

    private async Task DeliverAsync(string eventName, string action, FakePullRequest pullRequest)
    {
        using var response = await github.SendWebhookAsync(server.WebhookUrl, eventName, Payload(eventName, action, pullRequest), Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>GitHub's recorded payload for the event, pointed at this pull request, repository and installation.</summary>
    private string Payload(string eventName, string action, FakePullRequest pullRequest)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", $"{eventName}.{action}.json")))!;
        if (json["number"] is not null) json["number"] = pullRequest.Number;
        json["pull_request"]!["number"] = pullRequest.Number;
        json["pull_request"]!["head"]!["sha"] = pullRequest.HeadSha;
        json["repository"]!["name"] = repository.Name;
        json["repository"]!["full_name"] = repository.FullName;
        json["repository"]!["owner"]!["login"] = repository.Owner;
        json["installation"]!["id"] = InstallationId;
        return json.ToJsonString();
    }

    /// <summary>Waits until check run number <paramref name="count"/> exists and every queued job has finished.</summary>
    private async Task<FakeCheckRun> CheckRunAsync(string headSha, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var runs = github.CheckRuns.Where(c => c.HeadSha == headSha).ToList();
            var jobs = JobStorage.Current.GetMonitoringApi().GetStatistics();
            if (runs.Count >= count && jobs.Enqueued == 0 && jobs.Processing == 0) return runs[count - 1];
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"no check run #{count} on {headSha} within 30 s");
            await Task.Delay(50);
        }
    }

    private static Dictionary<string, string> ExampleFiles()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in new[] { "policies", "schemas", "access-requests", ".github" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(ProjectFiles.Root, directory), "*", SearchOption.AllDirectories))
            {
                files[Path.GetRelativePath(ProjectFiles.Root, file).Replace('\\', '/')] = File.ReadAllText(file);
            }
        }
        return files;
    }
}
