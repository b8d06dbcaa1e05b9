using System.Net;
using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

/// <summary>Each fault the fake injects reaches the real Octokit client as GitHub's own answer would.</summary>
public sealed class FaultTests
{
    private const string Comments = "/api/v3/repos/acme/access/issues/1/comments";

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task AServerError_BeforeTheWork_CreatesNothing(int status)
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (client, _) = await PullRequestAsync(server);
        using var fault = server.Fail((method, path) => method == "POST" && path == Comments, 1, GitHubFault.ServerError(status));

        var error = await Assert.ThrowsAsync<ApiException>(() => client.Issue.Comment.Create("acme", "access", 1, "plan"));

        Assert.Equal(((HttpStatusCode)status, "Server Error"), (error.StatusCode, error.Message));
        Assert.Empty(server.Comments("acme", "access", 1));
        await client.Issue.Comment.Create("acme", "access", 1, "plan");
        Assert.Single(server.Comments("acme", "access", 1));
        Assert.Equal(1, fault.Answered);
    }

    [Fact]
    public async Task AServerError_AfterTheWork_LeavesTheComment()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (client, _) = await PullRequestAsync(server);
        using var fault = server.Fail((method, path) => method == "POST" && path == Comments, 1, GitHubFault.ServerErrorAfterWork());

        var error = await Assert.ThrowsAsync<ApiException>(() => client.Issue.Comment.Create("acme", "access", 1, "plan"));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("plan", Assert.Single(server.Comments("acme", "access", 1)).Body);
    }

    [Fact]
    public async Task ARevokedToken_IsBadCredentials_UntilANewOneIsMinted()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (client, app) = await PullRequestAsync(server);
        using var fault = server.Fail((method, _) => method == "GET", 1, GitHubFault.TokenRevoked());

        var revoked = await Assert.ThrowsAsync<AuthorizationException>(() => client.Issue.Comment.GetAllForIssue("acme", "access", 1));
        var still = await Assert.ThrowsAsync<AuthorizationException>(() => client.Issue.Comment.GetAllForIssue("acme", "access", 1));
        var fresh = await TokenClientAsync(server, app);

        Assert.Equal("Bad credentials", revoked.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, still.StatusCode);
        Assert.Empty(await fresh.Issue.Comment.GetAllForIssue("acme", "access", 1));
        Assert.Equal(1, fault.Answered);
    }

    [Fact]
    public async Task ASecondaryLimit_SaysRetryAfter()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (client, _) = await PullRequestAsync(server);
        using var fault = server.Fail((method, path) => method == "POST" && path == Comments, 1, GitHubFault.SecondaryRateLimit(TimeSpan.FromSeconds(3)));

        var limited = await Assert.ThrowsAsync<SecondaryRateLimitExceededException>(() => client.Issue.Comment.Create("acme", "access", 1, "plan"));

        Assert.Equal(HttpStatusCode.Forbidden, limited.StatusCode);
        Assert.Equal("3", limited.HttpResponse.Headers["Retry-After"]);
        Assert.Empty(server.Comments("acme", "access", 1));
    }

    [Fact]
    public async Task APrimaryLimit_SaysWhenItResets()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (client, _) = await PullRequestAsync(server);
        var before = TimeProvider.System.GetUtcNow();
        using var fault = server.Fail((method, path) => method == "GET" && path == Comments, 1, GitHubFault.PrimaryRateLimit(TimeSpan.FromSeconds(30)));

        var limited = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.Issue.Comment.GetAllForIssue("acme", "access", 1));

        Assert.Equal(0, limited.Remaining);
        Assert.InRange(limited.Reset, before.AddSeconds(28), before.AddSeconds(32));
        Assert.Empty(await client.Issue.Comment.GetAllForIssue("acme", "access", 1));
    }

    [Fact]
    public async Task AFault_AnswersOnlyAsOftenAsAsked_AndEndsWhenDisposed()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (client, _) = await PullRequestAsync(server);
        var fault = server.Fail((method, path) => method == "GET" && path == Comments, 2, GitHubFault.ServerError(503));

        await Assert.ThrowsAsync<ApiException>(() => client.Issue.Comment.GetAllForIssue("acme", "access", 1));
        fault.Dispose();
        await client.Issue.Comment.GetAllForIssue("acme", "access", 1);

        Assert.Equal(1, fault.Answered);
        Assert.Equal(2, server.Requests("GET", "/repos/acme/access/issues/1/comments"));
    }

    private static async Task<(GitHubClient Client, FakeApp App)> PullRequestAsync(FakeGitHubServer server)
    {
        var app = server.RegisterApp(FakeGitHubClients.AppId);
        app.AddInstallation(FakeGitHubClients.InstallationId, "acme");
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        repository.OpenPullRequest("alice", sha, sha);
        return (await TokenClientAsync(server, app), app);
    }

    /// <summary>A client with a newly minted installation token.</summary>
    private static async Task<GitHubClient> TokenClientAsync(FakeGitHubServer server, FakeApp app)
    {
        var token = await FakeGitHubClients.WithJwt(server, AppJwt.For(app, TimeProvider.System)).GitHubApps.CreateInstallationToken(FakeGitHubClients.InstallationId);
        return FakeGitHubClients.WithToken(server, token.Token);
    }
}
