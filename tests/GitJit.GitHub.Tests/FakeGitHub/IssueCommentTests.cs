using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class IssueCommentTests
{
    [Fact]
    public async Task CreateThenUpdate_KeepsOneCommentByTheAppsBot()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        repository.OpenPullRequest("alice", sha, sha);

        var created = await client.Issue.Comment.Create("acme", "access", 1, "plan v1");
        var updated = await client.Issue.Comment.Update("acme", "access", created.Id, "plan v2");
        var listed = await client.Issue.Comment.GetAllForIssue("acme", "access", 1);

        Assert.Equal(("gitjit[bot]", AccountType.Bot), (created.User.Login, created.User.Type));
        Assert.Equal((created.Id, "plan v2"), (updated.Id, updated.Body));
        Assert.Equal("plan v2", Assert.Single(listed).Body);
        Assert.Equal("plan v2", Assert.Single(server.Comments("acme", "access", 1)).Body);
    }

    [Fact]
    public async Task GetAllForIssue_ManyComments_FollowsPages()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        repository.OpenPullRequest("alice", sha, sha);
        for (var i = 0; i < 35; i++) await client.Issue.Comment.Create("acme", "access", 1, $"comment {i}");

        var listed = await client.Issue.Comment.GetAllForIssue("acme", "access", 1);

        Assert.Equal(35, listed.Count);
        Assert.Equal("comment 34", listed[^1].Body);
    }

    [Fact]
    public async Task Create_OnUnknownIssue_IsNotFound()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        server.AddRepository("acme", "access");

        await Assert.ThrowsAsync<NotFoundException>(() => client.Issue.Comment.Create("acme", "access", 9, "hello"));
    }
}
