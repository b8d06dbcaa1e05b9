using System.Net;
using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

/// <summary>What an App does to open a pull request of its own, through Octokit: create a branch, commit a file on it, open the pull request.</summary>
public sealed class BranchAndFileWriteTests
{
    [Fact]
    public async Task AnApp_CreatesABranch_CommitsAFileOnIt_AndOpensAPullRequestFromIt()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var main = repository.Commit(new Dictionary<string, string> { ["a.txt"] = "a" });

        var created = await client.Git.Reference.Create("acme", "access", new NewReference("refs/heads/gitjit/extend-1-9", main));
        var written = await client.Repository.Content.CreateFile("acme", "access", "access-requests/x/b.yaml", new CreateFileRequest("Add b", "b: 1\n", "gitjit/extend-1-9"));
        var read = await client.Git.Reference.Get("acme", "access", "heads/gitjit/extend-1-9");
        var opened = await client.PullRequest.Create("acme", "access", new NewPullRequest("Extend", "gitjit/extend-1-9", "main"));

        Assert.Equal(("refs/heads/gitjit/extend-1-9", main), (created.Ref, created.Object.Sha));
        Assert.Equal(("b.yaml", "access-requests/x/b.yaml"), (written.Content.Name, written.Content.Path));
        Assert.Equal(main, Assert.Single(written.Commit.Parents).Sha);
        Assert.Equal(written.Commit.Sha, read.Object.Sha);
        Assert.Equal("b: 1\n", System.Text.Encoding.UTF8.GetString(repository.TreeAt(written.Commit.Sha).Entries["access-requests/x/b.yaml"].Content.Span));
        var pullRequest = Assert.Single(repository.PullRequests);
        Assert.Equal((opened.Number, "gitjit[bot]", "gitjit/extend-1-9"), (pullRequest.Number, pullRequest.Author, pullRequest.HeadRef));
        Assert.Equal(main, pullRequest.BaseSha);
    }

    [Fact]
    public async Task TheRefusals_AreGitHubs()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var main = repository.Commit(new Dictionary<string, string> { ["a.txt"] = "a" });

        var exists = await Assert.ThrowsAsync<ApiValidationException>(() => client.Git.Reference.Create("acme", "access", new NewReference("refs/heads/main", main)));
        var unknown = await Assert.ThrowsAsync<ApiValidationException>(() => client.Git.Reference.Create("acme", "access", new NewReference("refs/heads/x", new string('0', 40))));
        await Assert.ThrowsAsync<NotFoundException>(() => client.Git.Reference.Get("acme", "access", "heads/nope"));
        var overwrite = await Assert.ThrowsAsync<ApiValidationException>(() => client.Repository.Content.CreateFile("acme", "access", "a.txt", new CreateFileRequest("Again", "b", "main")));
        await Assert.ThrowsAsync<NotFoundException>(() => client.Repository.Content.CreateFile("acme", "access", "c.txt", new CreateFileRequest("No branch", "c", "nope")));

        Assert.Equal("Reference already exists", exists.Message);
        Assert.Equal("Object does not exist", unknown.Message);
        Assert.Contains("\"sha\" wasn't supplied", overwrite.Message, StringComparison.Ordinal);
        Assert.Empty(repository.PullRequests);
    }

    [Fact]
    public async Task AnAppWithoutContentsWrite_MayNotCreateBranchesOrFiles()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var app = server.RegisterApp(FakeGitHubClients.AppId);
        app.AddInstallation(FakeGitHubClients.InstallationId, "acme").Permissions["contents"] = "read";
        var token = await FakeGitHubClients.WithJwt(server, AppJwt.For(app, TimeProvider.System)).GitHubApps.CreateInstallationToken(FakeGitHubClients.InstallationId);
        var client = FakeGitHubClients.WithToken(server, token.Token);
        var repository = server.AddRepository("acme", "access");
        var main = repository.Commit(new Dictionary<string, string> { ["a.txt"] = "a" });

        var branch = await Assert.ThrowsAsync<ForbiddenException>(() => client.Git.Reference.Create("acme", "access", new NewReference("refs/heads/x", main)));
        var file = await Assert.ThrowsAsync<ForbiddenException>(() => client.Repository.Content.CreateFile("acme", "access", "b.txt", new CreateFileRequest("b", "b", "main")));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (branch.StatusCode, file.StatusCode));
    }
}
