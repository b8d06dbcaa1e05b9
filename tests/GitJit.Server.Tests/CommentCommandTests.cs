using System.Net;
using GitJit.Testing;

namespace GitJit.Server.Tests;

public sealed class CommentCommandTests : IAsyncLifetime
{
    private FlowWorld world = null!;
    private ServerUnderTest server = null!;

    public async Task InitializeAsync()
    {
        world = await FlowWorld.CreateAsync();
        server = await ServerUnderTest.StartAsync(world.Settings());
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await world.DisposeAsync();
    }

    [Theory]
    [InlineData("/gitjit help", PullRequestCommand.Help)]
    [InlineData("  /GitJit   plan  please\nmore words", PullRequestCommand.Plan)]
    [InlineData("/gitjit", PullRequestCommand.Help)]
    [InlineData("/gitjit grant-me-root", PullRequestCommand.Unknown)]
    [InlineData("please run /gitjit plan", null)]
    [InlineData("", null)]
    public void Commands_AreTheFirstLinesFirstTwoWords(string body, PullRequestCommand? expected)
    {
        Assert.Equal(expected, PullRequestCommands.Parse(body));
    }

    [Fact]
    public async Task Help_IsAnsweredInThePullRequest()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);

        await CommentAsync(pullRequest, "/gitjit help", "bob");

        Assert.Contains("GitJit commands", Assert.Single(world.Repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RefreshesTheCheckAndThePlan_AndSaysSo()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);

        await CommentAsync(pullRequest, "/gitjit plan", "alice");

        Assert.Equal("action_required", (await world.CheckRunAsync(pullRequest.HeadSha, 1)).Conclusion);
        var comments = world.Repository.Comments(pullRequest.Number);
        Assert.Equal(2, comments.Count);
        Assert.Contains(comments, c => c.Body.Contains("@alice the plan above is up to date", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownCommand_GetsTheHelp()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);

        await CommentAsync(pullRequest, "/gitjit grant-me-root", "mallory");

        Assert.Contains("@mallory GitJit does not know that command", Assert.Single(world.Repository.Comments(pullRequest.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BotsAndOrdinaryComments_AreNotAnswered()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);

        await CommentAsync(pullRequest, "/gitjit help", "gitjit[bot]", type: "Bot");
        await CommentAsync(pullRequest, "Looks good to me", "bob");

        Assert.Empty(world.Repository.Comments(pullRequest.Number));
        Assert.Empty(world.GitHub.CheckRuns);
    }

    private async Task CommentAsync(GitJit.Testing.FakeGitHub.FakePullRequest pullRequest, string body, string author, string type = "User")
    {
        using var response = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "issue_comment", world.CommentPayload(pullRequest, body, author, type), FlowWorld.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await FlowWorld.JobsDoneAsync();
    }
}
