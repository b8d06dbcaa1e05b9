using System.Net;
using System.Text.RegularExpressions;
using GitJit.Sandbox.GitHub;

namespace GitJit.GitHub.Tests.Sandbox;

/// <summary>A browser on the stand-in's pages over plain HTTP: its own cookie, redirects not followed, forms posted from the stand-in's origin.</summary>
internal sealed partial class PageBrowser(FakeGitHubServer server) : IDisposable
{
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public string? Cookie { get; set; }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.WebUrl, path));
        if (Cookie is not null) request.Headers.Add("Cookie", Cookie);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Presses "Act as" for <paramref name="login"/> on the home page.</summary>
    public async Task ActAsAsync(string login)
    {
        using var response = await PostAsync("/sandbox/act-as", new() { ["login"] = login }, token: null);
        var set = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("user_session=", StringComparison.Ordinal));
        Cookie = set.Split(';')[0];
    }

    /// <summary>The form token of the signed-in person's pages, as the home page carries it.</summary>
    public async Task<string> FormTokenAsync()
    {
        var (_, html) = await GetAsync("/");
        return FormToken().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no form token on the home page");
    }

    /// <summary>Submits a form: with the page's token unless <paramref name="token"/> is given (null: none), from <paramref name="origin"/> (default: the stand-in's).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields, string? token = "", string? origin = "")
    {
        if (token == "") token = await FormTokenAsync();
        if (token is not null) fields["_form_token"] = token;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.WebUrl, path)) { Content = new FormUrlEncodedContent(fields) };
        if (Cookie is not null) request.Headers.Add("Cookie", Cookie);
        origin = origin == "" ? server.WebUrl.GetLeftPart(UriPartial.Authority) : origin;
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await http.SendAsync(request);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"_form_token\" value=\"([0-9a-f]+)\"")]
    private static partial Regex FormToken();
}
