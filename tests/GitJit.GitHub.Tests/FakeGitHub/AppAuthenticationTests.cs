using GitJit.Sandbox.GitHub;
using Microsoft.Extensions.Time.Testing;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class AppAuthenticationTests
{
    [Fact]
    public async Task Octokit_WithTheFakesApiUrl_CallsRoutesUnderApiV3()
    {
        await using var server = await FakeGitHubServer.StartAsync();

        var client = FakeGitHubClients.Anonymous(server);

        Assert.Equal(new Uri(server.ApiUrl, "api/v3/"), client.Connection.BaseAddress);
    }

    [Fact]
    public async Task CreateInstallationToken_WithValidAppJwt_IssuesAnHourLongToken()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await FakeGitHubServer.StartAsync(time);
        var app = server.RegisterApp(1);
        app.AddInstallation(2, "acme");

        var token = await FakeGitHubClients.WithJwt(server, AppJwt.For(app, time)).GitHubApps.CreateInstallationToken(2);

        Assert.StartsWith("ghs_", token.Token, StringComparison.Ordinal);
        Assert.Equal(time.GetUtcNow().AddHours(1), token.ExpiresAt);
        Assert.Equal(1, server.TokensIssued);
    }

    [Fact]
    public async Task CreateInstallationToken_WithJwtSignedByAnotherKey_IsUnauthorized()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var app = server.RegisterApp(1);
        app.AddInstallation(2, "acme");
        var stranger = server.RegisterApp(99);
        var forged = AppJwt.Create(stranger.PrivateKeyPem, app.AppId, TimeProvider.System.GetUtcNow().AddSeconds(-60), TimeSpan.FromMinutes(9));

        var exception = await Assert.ThrowsAsync<AuthorizationException>(() =>
            FakeGitHubClients.WithJwt(server, forged).GitHubApps.CreateInstallationToken(2));

        Assert.Equal("A JSON web token could not be decoded", exception.Message);
        Assert.Equal(0, server.TokensIssued);
    }

    [Fact]
    public async Task CreateInstallationToken_WithJwtLivingMoreThanTenMinutes_IsUnauthorized()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var app = server.RegisterApp(1);
        app.AddInstallation(2, "acme");
        var tooLong = AppJwt.Create(app.PrivateKeyPem, app.AppId, TimeProvider.System.GetUtcNow().AddSeconds(-60), TimeSpan.FromMinutes(11));

        await Assert.ThrowsAsync<AuthorizationException>(() =>
            FakeGitHubClients.WithJwt(server, tooLong).GitHubApps.CreateInstallationToken(2));
    }

    [Fact]
    public async Task CreateInstallationToken_WithExpiredJwt_IsUnauthorized()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await FakeGitHubServer.StartAsync(time);
        var app = server.RegisterApp(1);
        app.AddInstallation(2, "acme");
        var jwt = AppJwt.For(app, time);
        time.Advance(TimeSpan.FromMinutes(10));

        await Assert.ThrowsAsync<AuthorizationException>(() =>
            FakeGitHubClients.WithJwt(server, jwt).GitHubApps.CreateInstallationToken(2));
    }

    [Fact]
    public async Task CreateInstallationToken_ForAnotherAppsInstallation_IsNotFound()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.RegisterApp(1).AddInstallation(2, "acme");
        var other = server.RegisterApp(3);

        await Assert.ThrowsAsync<NotFoundException>(() =>
            FakeGitHubClients.WithJwt(server, AppJwt.For(other, TimeProvider.System)).GitHubApps.CreateInstallationToken(2));
    }

    [Fact]
    public async Task ApiCall_WithUnknownToken_IsUnauthorized()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AddRepository("acme", "access");

        var exception = await Assert.ThrowsAsync<AuthorizationException>(() =>
            FakeGitHubClients.WithToken(server, "ghs_made_up").PullRequest.Get("acme", "access", 1));

        Assert.Equal("Bad credentials", exception.Message);
    }

    [Fact]
    public async Task ApiCall_WithoutCredentials_IsUnauthorized()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AddRepository("acme", "access");

        await Assert.ThrowsAsync<AuthorizationException>(() =>
            FakeGitHubClients.Anonymous(server).PullRequest.Get("acme", "access", 1));
    }

    [Fact]
    public async Task ApiCall_WithTheAppJwtInsteadOfAnInstallationToken_IsUnauthorized()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var app = server.RegisterApp(1);
        server.AddRepository("acme", "access");

        await Assert.ThrowsAsync<AuthorizationException>(() =>
            FakeGitHubClients.WithJwt(server, AppJwt.For(app, TimeProvider.System)).PullRequest.Get("acme", "access", 1));
    }

    [Fact]
    public async Task ApiCall_WithTokenOlderThanAnHour_IsUnauthorized()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await FakeGitHubServer.StartAsync(time);
        var client = await FakeGitHubClients.InstallationAsync(server, time);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["README.md"] = "hi" });
        repository.OpenPullRequest("alice", sha, sha);
        time.Advance(TimeSpan.FromMinutes(61));

        await Assert.ThrowsAsync<AuthorizationException>(() => client.PullRequest.Get("acme", "access", 1));
    }
}
