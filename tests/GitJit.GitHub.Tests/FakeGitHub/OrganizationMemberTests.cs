using System.Net;
using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class OrganizationMemberTests
{
    [Fact]
    public async Task CheckMember_DirectMemberAndTeamMember_AreMembers()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        server.AddOrganization("acme", "alice");
        server.AddTeam("acme", "dbas", "bob");

        Assert.True(await client.Organization.Member.CheckMember("acme", "alice"));
        Assert.True(await client.Organization.Member.CheckMember("acme", "BOB"));
        Assert.False(await client.Organization.Member.CheckMember("acme", "mallory"));
    }

    [Fact]
    public async Task CheckMember_AfterRemoval_IsNotAMember()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        server.AddOrganization("acme", "alice", "bob").Remove("alice");

        Assert.False(await client.Organization.Member.CheckMember("acme", "alice"));
    }

    [Fact]
    public async Task CheckMember_OfAnOrganisationTheAppIsNotInstalledOn_RedirectsToThePublicCheckWhichSaysNo()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        server.AddOrganization("other", "alice");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Authorization = new("token", ((Credentials)client.Credentials).GetToken());

        using var raw = await http.GetAsync(new Uri(server.ApiUrl, "api/v3/orgs/other/members/alice"));

        Assert.Equal(HttpStatusCode.Redirect, raw.StatusCode);
        Assert.EndsWith("/api/v3/orgs/other/public_members/alice", raw.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.False(await client.Organization.Member.CheckMember("other", "alice"));
    }

    [Fact]
    public async Task CheckMember_OfAnUnknownOrganisation_IsNotAMember()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);

        Assert.False(await client.Organization.Member.CheckMember("nowhere", "alice"));
    }

    [Fact]
    public async Task CheckMember_WithoutAnInstallationToken_IsUnauthorized()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AddOrganization("acme", "alice");

        await Assert.ThrowsAsync<AuthorizationException>(() => FakeGitHubClients.Anonymous(server).Organization.Member.CheckMember("acme", "alice"));
    }
}
