using System.Net;
using System.Text.RegularExpressions;

namespace GitJit.Server.Tests.Setup;

/// <summary>
/// One browser across GitJit and the fake GitHub: it keeps cookies and follows no redirect by itself, so each step of the
/// manifest flow is seen; it submits forms as their buttons would. Every page GitJit served is kept for the secret scan.
/// </summary>
internal sealed partial class SetupBrowser : IDisposable
{
    private readonly HttpClient http;
    private readonly List<string> gitJitPages = [];
    private readonly Uri gitJit;
    private readonly string? token;

    /// <summary>A browser for GitJit at <paramref name="gitJit"/>, with or without <paramref name="cookies"/>, opening /setup with <paramref name="token"/> (as <c>?token=</c>).</summary>
    public SetupBrowser(Uri gitJit, bool cookies = true, string? token = null)
    {
        this.gitJit = gitJit;
        this.token = token;
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies, CookieContainer = new CookieContainer() });
    }

    public IReadOnlyList<string> GitJitPages => [.. gitJitPages];

    /// <summary>The Content-Security-Policy of the last page GitJit served.</summary>
    public string? LastPolicy { get; private set; }

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> GetAsync(Uri url) => await ReadAsync(url, await http.GetAsync(url));

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> PostAsync(Uri url, Dictionary<string, string> form) =>
        await ReadAsync(url, await http.PostAsync(url, new FormUrlEncodedContent(form)));

    /// <summary>
    /// Runs the flow from GitJit's <c>/setup</c> to GitHub's redirect back: the name form, the manifest form to GitHub, GitHub's
    /// confirmation. Returns GitHub's redirect (to <c>/setup/done?code&amp;state</c>) without following it.
    /// </summary>
    public async Task<Uri> CreateOnGitHubAsync(string name = "GitJit (test)", string organization = "acme")
    {
        var setup = await GetAsync(new Uri(gitJit, token is null ? "setup" : "setup?token=" + Uri.EscapeDataString(token)));
        Assert.Equal(HttpStatusCode.OK, setup.Status);
        var manifestPage = await PostAsync(new Uri(gitJit, "setup"), new() { ["name"] = name, ["organization"] = organization });
        Assert.Equal(HttpStatusCode.OK, manifestPage.Status);
        var (action, manifest) = Form(manifestPage.Body);
        // A browser may post the form to GitHub: the page's policy allows that one other form target.
        Assert.Contains($"form-action 'self' {new Uri(action).GetLeftPart(UriPartial.Authority)};", LastPolicy, StringComparison.Ordinal);
        var confirmation = await PostAsync(new Uri(action), new() { ["manifest"] = manifest });
        Assert.Equal(HttpStatusCode.OK, confirmation.Status);
        var (confirmAction, confirmed) = Form(confirmation.Body);
        var redirect = await PostAsync(new Uri(new Uri(action), confirmAction), new() { ["manifest"] = confirmed, ["confirm"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, redirect.Status);
        return redirect.Location!;
    }

    /// <summary>The action and the manifest field of the page's form that carries a manifest.</summary>
    public static (string Action, string Manifest) Form(string page)
    {
        var form = ManifestForm().Match(page);
        Assert.True(form.Success, "no form with a manifest on the page:\n" + page);
        return (WebUtility.HtmlDecode(form.Groups["action"].Value), WebUtility.HtmlDecode(form.Groups["manifest"].Value));
    }

    public void Dispose() => http.Dispose();

    private async Task<(HttpStatusCode, string, Uri?)> ReadAsync(Uri url, HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (url.Authority == gitJit.Authority)
            {
                lock (gitJitPages) gitJitPages.Add(body);
                LastPolicy = response.Headers.TryGetValues("Content-Security-Policy", out var policy) ? string.Join(", ", policy) : null;
            }
            return (response.StatusCode, body, response.Headers.Location);
        }
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\">.*?name=\"manifest\" value=\"(?<manifest>[^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex ManifestForm();
}
