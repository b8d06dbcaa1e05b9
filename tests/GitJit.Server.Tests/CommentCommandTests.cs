using System.Net;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;

namespace GitJit.Server.Tests;

public sealed class CommentCommandTests : ServerFlowTests
{
    [Fact]
    public async Task Help_IsAnsweredInThePullRequest()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);

        await CommentAsync(pullRequest, "/gitjit help", "bob");

        Assert.Contains("GitJit commands", Assert.Single(World.Repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RefreshesTheCheckAndThePlan_AndSaysSo()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);

        await CommentAsync(pullRequest, "/gitjit plan", "alice");

        Assert.Equal("action_required", (await World.CheckRunAsync(Server, pullRequest.HeadSha, 1)).Conclusion);
        var comments = World.Repository.Comments(pullRequest.Number);
        Assert.Equal(2, comments.Count);
        Assert.Contains(comments, c => c.Body.Contains("@alice the plan above is up to date", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/gitjit help", "GitJit commands", false)]
    [InlineData("/gitjit plan", "@alice the plan above is up to date", true)]
    public async Task AReplyGitHubPostedButAnswered502_IsPostedOnce(string command, string reply, bool afterThePlan)
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        using var fault = World.GitHub.Fail(
            (method, path) => method == "POST" && path.EndsWith($"/issues/{pullRequest.Number}/comments", StringComparison.Ordinal) && (!afterThePlan || Planned(pullRequest)),
            1, GitHubFault.ServerErrorAfterWork());

        await CommentAsync(pullRequest, command, "alice");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Server.Jobs.GetMonitoringApi().GetStatistics() is not { Scheduled: 0, Enqueued: 0, Processing: 0, Succeeded: > 0 })
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "the command was not answered within 15 s\n" + Server.JobTroubles());
            await Task.Delay(100);
        }

        Assert.Equal(1, fault.Answered);
        Assert.Single(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains(reply, StringComparison.Ordinal));
        Assert.Equal(0, Server.Jobs.GetMonitoringApi().GetStatistics().Failed);
    }

    [Fact]
    public async Task UnknownCommand_GetsTheHelp()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);

        await CommentAsync(pullRequest, "/gitjit grant-me-root", "mallory");

        Assert.Contains("@mallory GitJit does not know that command", Assert.Single(World.Repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BotsAndOrdinaryComments_AreNotAnswered()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);

        await CommentAsync(pullRequest, "/gitjit help", "gitjit[bot]", type: "Bot");
        await CommentAsync(pullRequest, "Looks good to me", "bob");

        Assert.Empty(World.Repository.Comments(pullRequest.Number));
        Assert.Empty(World.GitHub.CheckRuns);
    }

    [Fact]
    public async Task AFormPostedOverHttpToAServerWhosePublicUrlIsHttps_IsRefusedWithAReason_NotAServerError()
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent([]);

        using var response = await http.PostAsync(new Uri(Server.Address, "/signout"), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("only over HTTPS", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Whether the pull request has its plan comment, so that a fault meant for a reply after it spares it.</summary>
    private bool Planned(FakePullRequest pullRequest) =>
        World.Repository.Comments(pullRequest.Number).Any(c => c.Body.StartsWith(GitJit.Core.Rendering.PlanMarkdown.Marker, StringComparison.Ordinal));

    private async Task CommentAsync(GitJit.Sandbox.GitHub.FakePullRequest pullRequest, string body, string author, string type = "User")
    {
        using var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "issue_comment", World.CommentPayload(pullRequest, body, author, type), FlowWorld.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Server.JobsDoneAsync();
    }
}
