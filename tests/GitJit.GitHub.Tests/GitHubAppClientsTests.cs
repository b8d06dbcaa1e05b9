using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests;

/// <summary>Installation tokens through the real clients against the fake GitHub: cached, and dropped once GitHub refuses one.</summary>
public sealed class GitHubAppClientsTests
{
    private const long AppId = 5150;
    private const long InstallationId = 51;

    [Fact]
    public async Task AnInstallationToken_IsMintedOnce_AndReused()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var clients = Clients(server);

        await (await clients.ForInstallationAsync(InstallationId, CancellationToken.None)).Issue.Comment.GetAllForIssue("acme", "access", 1);
        await (await clients.ForInstallationAsync(InstallationId, CancellationToken.None)).Issue.Comment.GetAllForIssue("acme", "access", 1);

        Assert.Equal(1, server.TokensIssued);
    }

    [Fact]
    public async Task ATokenGitHubRevokedEarly_IsDropped_AndTheNextClientHasANewOne()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var clients = Clients(server);
        var first = await clients.InstallationTokenAsync(InstallationId, CancellationToken.None);
        using var revoked = server.Fail((_, path) => path.StartsWith("/api/v3/repos/", StringComparison.Ordinal), 1, GitHubFault.TokenRevoked());

        var refused = await Assert.ThrowsAsync<AuthorizationException>(async () =>
            await (await clients.ForInstallationAsync(InstallationId, CancellationToken.None)).Issue.Comment.GetAllForIssue("acme", "access", 1));
        var comments = await (await clients.ForInstallationAsync(InstallationId, CancellationToken.None)).Issue.Comment.GetAllForIssue("acme", "access", 1);

        Assert.Equal("Bad credentials", refused.Message);
        Assert.Empty(comments);
        Assert.Equal(2, server.TokensIssued);
        Assert.NotEqual(first, await clients.InstallationTokenAsync(InstallationId, CancellationToken.None));
    }

    [Fact]
    public async Task ARefusalOfAnOlderToken_LeavesTheNewOne()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var clients = Clients(server);
        var old = await clients.ForInstallationAsync(InstallationId, CancellationToken.None);
        using (server.Fail((_, path) => path.StartsWith("/api/v3/repos/", StringComparison.Ordinal), 1, GitHubFault.TokenRevoked()))
        {
            await Assert.ThrowsAsync<AuthorizationException>(() => old.Issue.Comment.GetAllForIssue("acme", "access", 1));
        }
        var fresh = await clients.InstallationTokenAsync(InstallationId, CancellationToken.None);

        // A job still holding the old client hears 401 again; the token minted since is kept.
        await Assert.ThrowsAsync<AuthorizationException>(() => old.Issue.Comment.GetAllForIssue("acme", "access", 1));

        Assert.Equal(fresh, await clients.InstallationTokenAsync(InstallationId, CancellationToken.None));
        Assert.Equal(2, server.TokensIssued);
    }

    private static GitHubAppClients Clients(FakeGitHubServer server)
    {
        var app = server.RegisterApp(AppId);
        app.AddInstallation(InstallationId, "acme");
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        repository.OpenPullRequest("alice", sha, sha);
        return new GitHubAppClients(new GitHubOptions { AppId = AppId, PrivateKey = app.PrivateKeyPem, ApiUrl = server.ApiUrl }, TimeProvider.System);
    }
}
