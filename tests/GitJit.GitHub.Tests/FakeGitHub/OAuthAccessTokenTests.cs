using System.Net;
using System.Security.Cryptography;
using System.Text;
using GitJit.Sandbox.GitHub;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class OAuthAccessTokenTests
{
    [Fact]
    public async Task Exchange_AcceptingJson_AnswersAnExpiringUserTokenWithARefreshToken()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.ExchangeAsync(await flow.SignInAsync("alice"));

        var json = await WebFlow.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches("^ghu_[A-Za-z0-9]{36}$", json.GetProperty("access_token").GetString());
        Assert.Equal(28800, json.GetProperty("expires_in").GetInt32());
        Assert.StartsWith("ghr_", json.GetProperty("refresh_token").GetString(), StringComparison.Ordinal);
        Assert.Equal(15811200, json.GetProperty("refresh_token_expires_in").GetInt32());
        Assert.Equal(("bearer", ""), (json.GetProperty("token_type").GetString(), json.GetProperty("scope").GetString()));
    }

    [Fact]
    public async Task Exchange_WithoutAcceptJson_AnswersFormEncoded()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var app = server.RegisterApp(1);
        app.ExpireUserTokens = false;
        using var flow = new WebFlow(server, app);

        using var response = await flow.ExchangeAsync(await flow.SignInAsync("alice"), acceptJson: false);

        var form = QueryHelpers.ParseQuery(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/x-www-form-urlencoded", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["access_token", "scope", "token_type"], form.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("bearer", form["token_type"]);
    }

    [Fact]
    public async Task Exchange_WithBasicClientAuthentication_IssuesAToken()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.ExchangeAsync(await flow.SignInAsync("alice"), basicAuth: true);

        Assert.True((await WebFlow.JsonAsync(response)).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Exchange_TheSameCodeTwice_IsABadVerificationCodeTheSecondTime()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));
        var code = await flow.SignInAsync("alice");
        using var first = await flow.ExchangeAsync(code);

        using var second = await flow.ExchangeAsync(code);

        var json = await WebFlow.JsonAsync(second);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("bad_verification_code", json.GetProperty("error").GetString());
        Assert.Equal("The code passed is incorrect or expired.", json.GetProperty("error_description").GetString());
        Assert.EndsWith("#bad-verification-code", json.GetProperty("error_uri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_AfterTenMinutes_IsABadVerificationCode()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await FakeGitHubServer.StartAsync(time);
        using var flow = new WebFlow(server, server.RegisterApp(1));
        var code = await flow.SignInAsync("alice");
        time.Advance(TimeSpan.FromMinutes(10));

        using var response = await flow.ExchangeAsync(code);

        Assert.Equal("bad_verification_code", await ErrorAsync(response));
    }

    [Fact]
    public async Task Exchange_WithTheWrongSecret_IsIncorrectClientCredentials()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.ExchangeAsync(await flow.SignInAsync("alice"), secret: "0000");

        Assert.Equal("incorrect_client_credentials", await ErrorAsync(response));
    }

    [Fact]
    public async Task Exchange_WithAnotherRedirectUri_IsARedirectUriMismatch()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.ExchangeAsync(await flow.SignInAsync("alice"), redirectUri: "http://127.0.0.1:2/elsewhere");

        Assert.Equal("redirect_uri_mismatch", await ErrorAsync(response));
    }

    [Fact]
    public async Task Exchange_AfterAPkceChallenge_NeedsTheVerifier()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));
        const string verifier = "a-verifier-of-at-least-forty-three-characters-long";
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        using var wrong = await flow.ExchangeAsync(await flow.SignInAsync("alice", challenge), codeVerifier: "not-it");
        using var right = await flow.ExchangeAsync(await flow.SignInAsync("alice", challenge), codeVerifier: verifier);

        Assert.Equal("bad_verification_code", await ErrorAsync(wrong));
        Assert.True((await WebFlow.JsonAsync(right)).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Refresh_IssuesANewTokenAndRetiresTheOldOne()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));
        var first = await flow.TokenForAsync("alice");

        using var refreshed = await flow.RefreshAsync(first.GetProperty("refresh_token").GetString()!);
        using var again = await flow.RefreshAsync(first.GetProperty("refresh_token").GetString()!);

        var second = await WebFlow.JsonAsync(refreshed);
        Assert.Equal("alice", (await FakeGitHubClients.WithUserToken(server, second.GetProperty("access_token").GetString()!).User.Current()).Login);
        await Assert.ThrowsAsync<global::Octokit.AuthorizationException>(() =>
            FakeGitHubClients.WithUserToken(server, first.GetProperty("access_token").GetString()!).User.Current());
        Assert.Equal("bad_refresh_token", await ErrorAsync(again));
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        (await WebFlow.JsonAsync(response)).GetProperty("error").GetString();
}
