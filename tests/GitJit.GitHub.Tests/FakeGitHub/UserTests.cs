using GitJit.Sandbox.GitHub;
using Microsoft.Extensions.Time.Testing;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class UserTests
{
    [Fact]
    public async Task Current_WithAUserToken_IsThatUserWithTheIdOtherPayloadsUse()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var installation = await FakeGitHubClients.InstallationAsync(server);
        server.AddUser("alice", "Alice Liddell", "alice@example.com");
        server.AddTeam("acme", "dbas", "alice");
        var token = server.CreateUserToken(server.RegisterApp(2), "alice");

        var user = await FakeGitHubClients.WithUserToken(server, token).User.Current();

        var teamMember = Assert.Single(await new ApiConnection(installation.Connection).GetAll<User>(new Uri("orgs/acme/teams/dbas/members", UriKind.Relative)));
        Assert.Equal(("alice", "Alice Liddell", "alice@example.com", AccountType.User), (user.Login, user.Name, user.Email, user.Type!.Value));
        Assert.Equal(teamMember.Id, user.Id);
        Assert.Equal(new Uri(server.WebUrl, "alice").ToString(), user.HtmlUrl);
    }

    [Fact]
    public async Task Current_WithoutCredentials_RequiresAuthentication()
    {
        await using var server = await FakeGitHubServer.StartAsync();

        var exception = await Assert.ThrowsAsync<AuthorizationException>(() => FakeGitHubClients.Anonymous(server).User.Current());

        Assert.Equal("Requires authentication", exception.Message);
    }

    [Fact]
    public async Task Current_WithAnInstallationToken_IsNotAccessibleByIntegration()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var installation = await FakeGitHubClients.InstallationAsync(server);

        var exception = await Assert.ThrowsAsync<ForbiddenException>(() => installation.User.Current());

        Assert.Equal("Resource not accessible by integration", exception.Message);
    }

    [Fact]
    public async Task Current_AfterTheUserRevokedTheirTokens_IsBadCredentials()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var token = server.CreateUserToken(server.RegisterApp(1), "alice");
        server.RevokeUserTokens("alice");

        var exception = await Assert.ThrowsAsync<AuthorizationException>(() => FakeGitHubClients.WithUserToken(server, token).User.Current());

        Assert.Equal("Bad credentials", exception.Message);
    }

    [Fact]
    public async Task Current_WithATokenOlderThanEightHours_IsUnauthorized()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await FakeGitHubServer.StartAsync(time);
        var client = FakeGitHubClients.WithUserToken(server, server.CreateUserToken(server.RegisterApp(1), "alice"));
        await client.User.Current();
        time.Advance(TimeSpan.FromHours(8));

        await Assert.ThrowsAsync<AuthorizationException>(() => client.User.Current());
    }

    [Fact]
    public async Task RepositoryRoutes_WithAUserToken_AreUnauthorized()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AddRepository("acme", "access");
        var client = FakeGitHubClients.WithUserToken(server, server.CreateUserToken(server.RegisterApp(1), "alice"));

        await Assert.ThrowsAsync<AuthorizationException>(() => client.Repository.Get("acme", "access"));
    }
}
