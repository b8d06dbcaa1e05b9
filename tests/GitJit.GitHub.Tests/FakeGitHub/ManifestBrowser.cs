using System.Net;
using System.Text.RegularExpressions;
using GitJit.Sandbox.GitHub;

namespace GitJit.GitHub.Tests.FakeGitHub;

/// <summary>A browser on the fake's manifest pages: posts the manifest form, then the confirmation's button, as a person would.</summary>
internal sealed partial class ManifestBrowser(FakeGitHubServer server) : IDisposable
{
    public const string Redirect = "http://127.0.0.1:1/setup/done";

    private readonly HttpClient browser = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public static string Manifest(string name = "GitJit (test)", string? hookUrl = "http://127.0.0.1:1/api/github/webhooks", string? setupUrl = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["name"] = name,
            ["url"] = "http://127.0.0.1:1/",
            ["hook_attributes"] = hookUrl is null ? null : new { url = hookUrl, active = true },
            ["redirect_url"] = Redirect,
            ["setup_url"] = setupUrl,
            ["callback_urls"] = new[] { "http://127.0.0.1:1/signin/github" },
            ["public"] = false,
            ["default_permissions"] = new { contents = "write", checks = "write", members = "read" },
            ["default_events"] = new[] { "pull_request", "issue_comment" },
        });

    /// <summary>Posts the manifest form to <c>/settings/apps/new</c> (or the organisation's), without confirming.</summary>
    public Task<HttpResponseMessage> PostAsync(string manifest, string? state = "s1", string? organization = null, bool confirm = false)
    {
        var path = (organization is null ? "settings/apps/new" : $"organizations/{organization}/settings/apps/new") + (state is null ? "" : "?state=" + state);
        var form = new Dictionary<string, string> { ["manifest"] = manifest };
        if (confirm) form["confirm"] = "1";
        return browser.PostAsync(new Uri(server.WebUrl, path), new FormUrlEncodedContent(form));
    }

    /// <summary>Posts the manifest, then submits the confirmation page's form as its button does; returns the redirect.</summary>
    public async Task<HttpResponseMessage> CreateAsync(string manifest, string? state = "s1", string? organization = null)
    {
        using var confirmation = await PostAsync(manifest, state, organization);
        Assert.Equal(HttpStatusCode.OK, confirmation.StatusCode);
        var page = await confirmation.Content.ReadAsStringAsync();
        var action = WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value);
        var field = WebUtility.HtmlDecode(ManifestField().Match(page).Groups[1].Value);
        Assert.Equal(manifest, field);
        return await browser.PostAsync(new Uri(server.WebUrl, action), new FormUrlEncodedContent(new Dictionary<string, string> { ["manifest"] = field, ["confirm"] = "1" }));
    }

    public Task<HttpResponseMessage> GetAsync(string path) => browser.GetAsync(new Uri(server.WebUrl, path));

    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> form) => browser.PostAsync(new Uri(server.WebUrl, path), new FormUrlEncodedContent(form));

    public void Dispose() => browser.Dispose();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"manifest\" value=\"([^\"]*)\"")]
    private static partial Regex ManifestField();
}
