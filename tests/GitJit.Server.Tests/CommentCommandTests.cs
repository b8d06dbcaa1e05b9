using System.Net;
using GitJit.Testing;

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

    private async Task CommentAsync(GitJit.Testing.FakeGitHub.FakePullRequest pullRequest, string body, string author, string type = "User")
    {
        using var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "issue_comment", World.CommentPayload(pullRequest, body, author, type), FlowWorld.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Server.JobsDoneAsync();
    }
}
