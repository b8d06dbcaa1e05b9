using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

/// <remarks>
/// Octokit 14 lists team members only by numeric team id (the retired /teams/{id}/members), so these tests
/// call GET /orgs/{org}/teams/{team_slug}/members through Octokit's <see cref="ApiConnection"/>, which follows Link headers.
/// </remarks>
public sealed class TeamTests
{
    [Fact]
    public async Task MembersBySlug_AcrossPages_ReturnsEveryMember()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        server.AddTeam("acme", "dbas", "alice", "bob", "carol");

        var members = await new ApiConnection(client.Connection).GetAll<User>(
            new Uri("orgs/acme/teams/dbas/members", UriKind.Relative), new ApiOptions { PageSize = 2 });

        Assert.Equal(["alice", "bob", "carol"], members.Select(m => m.Login));
        Assert.All(members, m => Assert.Equal(AccountType.User, m.Type));
    }

    [Fact]
    public async Task MembersBySlug_UnknownTeam_IsNotFound()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);

        await Assert.ThrowsAsync<NotFoundException>(() => new ApiConnection(client.Connection).GetAll<User>(
            new Uri("orgs/acme/teams/nobody/members", UriKind.Relative)));
    }
}
