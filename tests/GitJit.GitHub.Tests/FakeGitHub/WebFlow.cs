using System.Net.Http.Headers;
using System.Text.Json;
using GitJit.Sandbox.GitHub;
using Microsoft.AspNetCore.WebUtilities;

namespace GitJit.GitHub.Tests.FakeGitHub;

/// <summary>
/// Drives the fake's web application flow over plain HTTP, as a browser (no redirects followed, cookies kept by hand) and as a
/// relying party's back channel.
/// </summary>
internal sealed class WebFlow(FakeGitHubServer server, FakeApp app) : IDisposable
{
    public const string Callback = "http://127.0.0.1:1/signin-github";

    private readonly HttpClient browser = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly HttpClient backChannel = new();

    public string? SessionCookie { get; private set; }

    public Task<HttpResponseMessage> AuthorizeAsync(string state = "xyz", string? clientId = null, string redirectUri = Callback, string? codeChallenge = null)
    {
        var query = new Dictionary<string, string?> { ["client_id"] = clientId ?? app.ClientId, ["redirect_uri"] = redirectUri, ["state"] = state, ["scope"] = "" };
        if (codeChallenge is not null) (query["code_challenge"], query["code_challenge_method"]) = (codeChallenge, "S256");
        using var request = new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(new Uri(server.WebUrl, "login/oauth/authorize").ToString(), query));
        if (SessionCookie is not null) request.Headers.Add("Cookie", SessionCookie);
        return browser.SendAsync(request);
    }

    /// <summary>Submits the sign-in form as its "Sign in" (or "Cancel") button would, and remembers the session cookie.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string login, bool signIn = true, string state = "xyz", string? codeChallenge = null)
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = app.ClientId,
            ["redirect_uri"] = Callback,
            ["state"] = state,
            ["login"] = login,
            ["authorize"] = signIn ? "1" : "0",
        };
        if (codeChallenge is not null) (form["code_challenge"], form["code_challenge_method"]) = (codeChallenge, "S256");
        using var content = new FormUrlEncodedContent(form);
        var response = await browser.PostAsync(new Uri(server.WebUrl, "login/oauth/authorize"), content);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies)) SessionCookie = cookies.Single().Split(';')[0];
        return response;
    }

    /// <summary>Signs in through the form and returns the code from the redirect.</summary>
    public async Task<string> SignInAsync(string login, string? codeChallenge = null)
    {
        using var response = await SubmitAsync(login, codeChallenge: codeChallenge);
        return Query(response)["code"]!;
    }

    public async Task<HttpResponseMessage> ExchangeAsync(
        string code, string? secret = null, bool acceptJson = true, bool basicAuth = false, string? redirectUri = Callback, string? codeVerifier = null)
    {
        var form = new Dictionary<string, string> { ["code"] = code, ["grant_type"] = "authorization_code" };
        if (redirectUri is not null) form["redirect_uri"] = redirectUri;
        if (codeVerifier is not null) form["code_verifier"] = codeVerifier;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.WebUrl, "login/oauth/access_token"));
        if (basicAuth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{app.ClientId}:{secret ?? app.ClientSecret}")));
        }
        else
        {
            (form["client_id"], form["client_secret"]) = (app.ClientId, secret ?? app.ClientSecret);
        }

        if (acceptJson) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = new FormUrlEncodedContent(form);
        return await backChannel.SendAsync(request);
    }

    public async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.WebUrl, "login/oauth/access_token"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = app.ClientId,
            ["client_secret"] = app.ClientSecret,
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        });
        return await backChannel.SendAsync(request);
    }

    /// <summary>Signs in as <paramref name="login"/> and exchanges the code: the JSON token answer.</summary>
    public async Task<JsonElement> TokenForAsync(string login)
    {
        using var response = await ExchangeAsync(await SignInAsync(login));
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static Dictionary<string, string?> Query(HttpResponseMessage response) =>
        QueryHelpers.ParseQuery(response.Headers.Location!.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    public void Dispose()
    {
        browser.Dispose();
        backChannel.Dispose();
    }
}
