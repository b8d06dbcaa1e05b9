using System.Net;
using GitJit.Core.Rendering;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;

namespace GitJit.Server.Tests;

/// <summary>
/// The whole path a reviewer meets, over real HTTP: GitHub (the fake) signs and sends a webhook, the server queues a
/// job, the job reads the pull request through Octokit and publishes the check run and the plan comment.
/// </summary>
public sealed class PullRequestFlowTests : ServerFlowTests
{
    [Fact]
    public async Task OpenedRequest_GetsAWaitingCheck_AndOnePlanComment()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);

        await DeliverAsync("pull_request", "opened", pullRequest);

        var check = await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);
        Assert.Equal(("gitjit", "completed", "action_required"), (check.Name, check.Status, check.Conclusion));
        var comment = Assert.Single(World.Repository.Comments(pullRequest.Number));
        Assert.StartsWith(PlanMarkdown.Marker, comment.Body, StringComparison.Ordinal);
        Assert.Contains("**`@alice`** gets the **read-only** role on **orders-db** for **2h**", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeOwnerApproval_TurnsTheCheckGreen_AndEditsTheSameComment()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        await DeliverAsync("pull_request", "opened", pullRequest);
        await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);

        pullRequest.AddReview("olga", "APPROVED");
        await DeliverAsync("pull_request_review", "submitted", pullRequest);

        Assert.Equal("success", (await World.CheckRunAsync(Server, pullRequest.HeadSha, 2)).Conclusion);
        var comment = Assert.Single(World.Repository.Comments(pullRequest.Number));
        Assert.Contains("✅ `@olga` approved", comment.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", "is the requester")]
    [InlineData("bob", "is not a code owner")]
    public async Task ApprovalThatMustNotCount_LeavesTheCheckWaiting(string reviewer, string reason)
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);

        pullRequest.AddReview(reviewer, "APPROVED");
        await DeliverAsync("pull_request_review", "submitted", pullRequest);

        Assert.Equal("action_required", (await World.CheckRunAsync(Server, pullRequest.HeadSha, 1)).Conclusion);
        Assert.Contains(reason, Assert.Single(World.Repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAfterApproval_InvalidatesIt()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        var changed = Requests.AliceWith("duration", "1h");
        pullRequest.Push(World.Repository.Commit(World.Repository.TreeAt(World.BaseSha).Clone().With(Requests.AlicePath, changed), pullRequest.HeadSha));
        await DeliverAsync("pull_request", "synchronize", pullRequest);

        var check = await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);
        Assert.Equal("action_required", check.Conclusion);
        Assert.Contains("approved an earlier commit", Assert.Single(World.Repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidRequest_FailsTheCheck_WithAnnotationsAtItsLines()
    {
        var pullRequest = World.Open(Requests.AliceWith("duration", "9h"));

        await DeliverAsync("pull_request", "opened", pullRequest);

        var check = await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);
        Assert.Equal("failure", check.Conclusion);
        var annotation = Assert.Single(check.Annotations, a => a.Title == "request.duration-too-long");
        Assert.Equal((Requests.AlicePath, 4), (annotation.Path, annotation.StartLine));
    }

    [Fact]
    public async Task MoreThanFiftyProblems_AllReachTheCheck_FiftyAnnotationsPerRequest()
    {
        var extraFields = string.Concat(Enumerable.Range(1, 70).Select(i => $"\nextra{i}: {i}"));
        var pullRequest = World.Open(Requests.AliceReadOnly.Replace("role: read-only", "role: read-only" + extraFields, StringComparison.Ordinal));

        await DeliverAsync("pull_request", "opened", pullRequest);

        var check = await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);
        Assert.Equal("failure", check.Conclusion);
        Assert.Equal(70, check.Annotations.Count(a => a.Title == "schema.unknown-field"));
    }

    [Theory]
    [InlineData("mallory")]
    [InlineData("other-app[bot]")]
    public async Task SomeoneElsesCommentCarryingTheMarker_IsNeverTakenForThePlan(string author)
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        var planted = World.Repository.Comment(pullRequest.Number, author, PlanMarkdown.Marker + "\n### ✅ GitJit plan: approved");

        await DeliverAsync("pull_request", "opened", pullRequest);
        await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);

        var comments = World.Repository.Comments(pullRequest.Number);
        Assert.Equal(2, comments.Count);
        Assert.Equal(planted.Body, comments[0].Body);
        Assert.Equal("gitjit[bot]", comments[1].Author);
    }

    [Fact]
    public async Task InstallationToken_IsReusedAcrossEvents()
    {
        var first = World.Open(Requests.AliceReadOnly);
        var second = World.Open(Requests.AliceWith("duration", "1h"));

        await DeliverAsync("pull_request", "opened", first);
        await World.CheckRunAsync(Server, first.HeadSha, 1);
        await DeliverAsync("pull_request", "opened", second);
        await World.CheckRunAsync(Server, second.HeadSha, 1);

        Assert.Equal(1, World.GitHub.TokensIssued);
    }

    [Fact]
    public async Task ForgedAndReplayedDeliveries_ChangeNothing()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        var payload = World.Payload("pull_request", "opened", pullRequest);
        var delivery = Guid.NewGuid().ToString();

        using var forged = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "pull_request", payload, "not the secret");
        using var first = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "pull_request", payload, FlowWorld.Secret, delivery);
        await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);
        using var replayed = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "pull_request", payload, FlowWorld.Secret, delivery);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK), (forged.StatusCode, first.StatusCode, replayed.StatusCode));
        Assert.Single(World.GitHub.CheckRuns, c => c.HeadSha == pullRequest.HeadSha);
    }

    [Fact]
    public async Task RequestIntoAnotherBranch_FailsTheCheck_AndIsPlannedUnderMainsRulesNotTheBranchs()
    {
        var pullRequest = Attacks.IntoBranchWithItsOwnRules(World, "widen", "bob", Requests.AliceWith("duration", "720h"));
        pullRequest.AddReview("bob", "APPROVED");

        await DeliverAsync("pull_request", "opened", pullRequest);

        var check = await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);
        Assert.Equal("failure", check.Conclusion);
        Assert.Contains(check.Annotations, a => a.Title == "pr.base-not-granting" && a.Path == Requests.AlicePath);
        // Main's policy caps read-only at 4h, and bob owns nothing there.
        Assert.Contains(check.Annotations, a => a.Title == "request.duration-too-long");
        var plan = Assert.Single(World.Repository.Comments(pullRequest.Number)).Body;
        Assert.Contains("targets 'widen', but only requests merged into 'main' (the repository's default branch) are granted", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("✅ `@bob` approved", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestIntoAnUnprotectedDefaultBranch_FailsTheCheck_SayingWhy()
    {
        World.Repository.Unprotect("main");
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        await DeliverAsync("pull_request", "opened", pullRequest);

        var check = await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);
        Assert.Equal("failure", check.Conclusion);
        Assert.Equal("pr.branch-unprotected", Assert.Single(check.Annotations).Title);
    }

    [Fact]
    public async Task RequestWithAnUnclosedBracket_FailsTheCheck_AtItsLine_AndThePlanSaysWhatIsWrong()
    {
        var pullRequest = World.Open("requester: alice\nresource: orders-db\nrole: [read-only\nduration: 2h\nreason: Investigate\n");

        await DeliverAsync("pull_request", "opened", pullRequest);

        var check = await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);
        Assert.Equal("failure", check.Conclusion);
        var annotation = Assert.Single(check.Annotations);
        Assert.Equal(("yaml.syntax", Requests.AlicePath, 3), (annotation.Title, annotation.Path, annotation.StartLine));
        var plan = Assert.Single(World.Repository.Comments(pullRequest.Number)).Body;
        Assert.Contains("invalid YAML", plan, StringComparison.Ordinal);
        Assert.Equal(0, Server.Jobs.GetMonitoringApi().FailedCount());
    }

    private async Task DeliverAsync(string eventName, string action, FakePullRequest pullRequest)
    {
        using var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, eventName, World.Payload(eventName, action, pullRequest), FlowWorld.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
