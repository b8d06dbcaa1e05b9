using System.Net;

namespace GitJit.Server.Tests;

/// <summary>Sign-in as the server starts it, over plain HTTP: behind a TLS-terminating proxy, with an https PublicUrl.</summary>
public sealed class SignInTests : ServerFlowTests
{
    [Fact]
    public async Task BehindAnHttpsProxy_TheCallbackIsHttps_AndCookiesAreSecureOnly()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.Address, "/signin?returnUrl=/grants"));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "gitjit.example.test");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(World.GitHub.WebUrl + "login/oauth/authorize?", location, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString("https://gitjit.example.test/signin/github"), location, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location, StringComparison.Ordinal);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("; httponly", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ReturnUrls_LeadOnlyToThisServer()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(new Uri(Server.Address, "/signin?returnUrl=%2F%09%2Fevil.example"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var state = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query)["redirect_uri"];
        Assert.Equal(new Uri(Server.Address, "/signin/github").ToString(), state);
    }

    [Fact]
    public async Task WithoutSignIn_PagesSendPeopleToGitHub_AndTheLiveListAnswers401()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var page = await http.GetAsync(new Uri(Server.Address, "/grants/acme/access/1"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(World.GitHub.WebUrl + "login/oauth/authorize?", page.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl!.NoStore);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        using var live = await http.GetAsync(new Uri(Server.Address, "/grants/live"));
        Assert.Equal(HttpStatusCode.Unauthorized, live.StatusCode);
    }
}
