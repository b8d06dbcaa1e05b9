using System.Net;
using GitJit.Sandbox.GitHub;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class OAuthAuthorizeTests
{
    [Fact]
    public async Task Authorize_SignedOut_ShowsTheSignInForm()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.AuthorizeAsync(state: "s-1");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<label for=\"login_field\">Username or email address</label>", html, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"state\" value=\"s-1\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_UnknownClientId_IsANotFoundPage()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.AuthorizeAsync(clientId: "Iv23liunknown");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Authorize_RedirectUriNotAmongTheCallbackUrls_IsAnErrorPageNotARedirect()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var app = server.RegisterApp(1).AddCallbackUrl(new Uri("http://127.0.0.1:1/signin-github"));
        using var flow = new WebFlow(server, app);

        using var response = await flow.AuthorizeAsync(redirectUri: "http://evil.example/steal");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("The redirect_uri is not associated with this application", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_RedirectsToTheCallbackWithACodeAndTheState()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.SubmitAsync("alice", state: "s-2");

        var query = WebFlow.Query(response);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(WebFlow.Callback + "?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{20}$", query["code"]);
        Assert.Equal("s-2", query["state"]);
        Assert.NotNull(flow.SessionCookie);
    }

    [Fact]
    public async Task SignIn_WithEmptyLogin_ShowsTheFormAgainWithAnError()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.SubmitAsync("  ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Incorrect username or password.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_RedirectsToTheCallbackWithAccessDenied()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var response = await flow.SubmitAsync("alice", signIn: false, state: "s-3");

        var query = WebFlow.Query(response);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(("access_denied", "The user has denied your application access.", "s-3"), (query["error"], query["error_description"], query["state"]));
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Authorize_WhenSignedInAs_RedirectsStraightBackWithACode()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));
        server.SignedInAs = "bob";

        using var response = await flow.AuthorizeAsync(state: "s-4");
        using var token = await flow.ExchangeAsync(WebFlow.Query(response)["code"]!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("s-4", WebFlow.Query(response)["state"]);
        Assert.Equal("bob", await LoginAsync(server, token));
    }

    [Fact]
    public async Task Authorize_AgainInABrowserThatSignedIn_RedirectsStraightBack()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var flow = new WebFlow(server, server.RegisterApp(1));
        await flow.SignInAsync("carol");

        using var response = await flow.AuthorizeAsync();
        using var token = await flow.ExchangeAsync(WebFlow.Query(response)["code"]!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("carol", await LoginAsync(server, token));
    }

    [Fact]
    public async Task SignIn_ByTheEmailOfAnAddedUser_SignsInThatUser()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AddUser("dave", "Dave Jones", "dave@example.com");
        using var flow = new WebFlow(server, server.RegisterApp(1));

        using var token = await flow.ExchangeAsync(await flow.SignInAsync("Dave@Example.com"));

        Assert.Equal("dave", await LoginAsync(server, token));
    }

    private static async Task<string> LoginAsync(FakeGitHubServer server, HttpResponseMessage tokenResponse)
    {
        var token = (await WebFlow.JsonAsync(tokenResponse)).GetProperty("access_token").GetString()!;
        return (await FakeGitHubClients.WithUserToken(server, token).User.Current()).Login;
    }
}
