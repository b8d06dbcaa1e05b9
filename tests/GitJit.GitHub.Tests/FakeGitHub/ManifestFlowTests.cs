using System.Net;
using GitJit.Sandbox.GitHub;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class ManifestFlowTests
{
    [Fact]
    public async Task CreateFromManifest_Confirmed_RedirectsWithCodeAndState_AndOctokitConvertsItIntoTheAppWithItsSecrets()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.SignedInAs = "alice";
        using var browser = new ManifestBrowser(server);

        using var redirect = await browser.CreateAsync(ManifestBrowser.Manifest(), state: "abc123");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.StartsWith(ManifestBrowser.Redirect + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("abc123", query["state"]);
        var app = await FakeGitHubClients.Anonymous(server).GitHubApps.CreateAppFromManifest(query["code"]!);
        var registered = Assert.Single(server.Apps);
        Assert.Equal((registered.AppId, "gitjit-test", "GitJit (test)"), (app.Id, app.Slug, app.Name));
        Assert.Equal(("alice", registered.ClientId, registered.ClientSecret), (app.Owner.Login, app.ClientId, app.ClientSecret));
        Assert.Equal(registered.PrivateKeyPem, app.Pem);
        Assert.Equal(registered.Registration.WebhookSecret, app.WebhookSecret);
        Assert.Matches("^[0-9a-f]{40}$", app.WebhookSecret);
        Assert.Equal(new Uri("http://127.0.0.1:1/api/github/webhooks"), registered.Registration.WebhookUrl);
        Assert.Equal(["issue_comment", "pull_request"], app.Events.Order(StringComparer.Ordinal));
        Assert.Equal("write", app.Permissions.Contents?.StringValue);
        Assert.Equal("read", app.Permissions.Members?.StringValue);
        Assert.Null(app.Permissions.Issues);
        Assert.Equal($"{server.WebUrl}apps/gitjit-test", app.HtmlUrl);
        Assert.Contains(server.Secrets, s => s.What == "App manifest code" && s.Value == query["code"]);
    }

    [Fact]
    public async Task Conversion_OfTheSameCodeTwice_IsNotFoundTheSecondTime()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.SignedInAs = "alice";
        using var browser = new ManifestBrowser(server);
        using var redirect = await browser.CreateAsync(ManifestBrowser.Manifest());
        var code = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"]!;
        var client = FakeGitHubClients.Anonymous(server);
        await client.GitHubApps.CreateAppFromManifest(code);

        await Assert.ThrowsAsync<NotFoundException>(() => client.GitHubApps.CreateAppFromManifest(code));
        await Assert.ThrowsAsync<NotFoundException>(() => client.GitHubApps.CreateAppFromManifest("0123456789abcdef0123"));
    }

    [Fact]
    public async Task Conversion_AfterAnHour_IsRefused()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await FakeGitHubServer.StartAsync(time);
        server.SignedInAs = "alice";
        using var browser = new ManifestBrowser(server);
        using var redirect = await browser.CreateAsync(ManifestBrowser.Manifest());
        time.Advance(TimeSpan.FromHours(1));

        var refused = await Assert.ThrowsAsync<ApiValidationException>(() =>
            FakeGitHubClients.Anonymous(server).GitHubApps.CreateAppFromManifest(QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"]!));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task NewApp_FromASignedOutBrowser_IsRefusedAndCreatesNothing()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var browser = new ManifestBrowser(server);

        using var response = await browser.PostAsync(ManifestBrowser.Manifest(), confirm: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(server.Apps);
    }

    [Fact]
    public async Task NewApp_WithABadManifest_Is422ListingEachProblem_AndCreatesNothing()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.SignedInAs = "alice";
        using var browser = new ManifestBrowser(server);
        var manifest = """{"name":"","url":"ftp://x","hook_attributes":{"active":true},"default_permissions":{"contents":"all"}}""";

        using var response = await browser.PostAsync(manifest, confirm: true);
        using var notJson = await browser.PostAsync("{not json", confirm: true);

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Name can't be blank.", page, StringComparison.Ordinal);
        Assert.Contains("url must be an absolute http(s) address.", page, StringComparison.Ordinal);
        Assert.Contains("hook_attributes.url can't be blank.", page, StringComparison.Ordinal);
        Assert.Contains("Default permission contents must be read, write or admin.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notJson.StatusCode);
        Assert.Empty(server.Apps);
    }

    [Fact]
    public async Task NewApp_WithANameInUse_IsRefused()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.SignedInAs = "alice";
        using var browser = new ManifestBrowser(server);
        using var first = await browser.CreateAsync(ManifestBrowser.Manifest());

        using var second = await browser.PostAsync(ManifestBrowser.Manifest(), confirm: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("Name is already in use", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(server.Apps);
    }

    [Fact]
    public async Task NewApp_ForAnOrganisation_IsOwnedByIt_AndOnlyItsMembersMayCreateOne()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AddOrganization("acme", "alice");
        server.SignedInAs = "mallory";
        using var browser = new ManifestBrowser(server);
        using var outsider = await browser.PostAsync(ManifestBrowser.Manifest(), organization: "acme", confirm: true);
        server.SignedInAs = "alice";

        using var redirect = await browser.CreateAsync(ManifestBrowser.Manifest(), organization: "acme");

        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var app = await FakeGitHubClients.Anonymous(server).GitHubApps.CreateAppFromManifest(QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"]!);
        Assert.Equal(("acme", "Organization"), (app.Owner.Login, Assert.Single(server.Apps).Registration.OwnerType));
    }

    [Fact]
    public async Task GetApp_OfAnAppFromAManifest_AnswersItsOwnPermissionsAndEvents_AndATestAppKeepsGitJits()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var registeredByTest = server.RegisterApp(1);
        server.SignedInAs = "alice";
        using var browser = new ManifestBrowser(server);
        using var redirect = await browser.CreateAsync(ManifestBrowser.Manifest());
        var fromManifest = server.Apps.Single(a => a.AppId != 1);

        var own = await FakeGitHubClients.WithJwt(server, AppJwt.For(fromManifest, TimeProvider.System)).GitHubApps.GetCurrent();
        var gitJits = await FakeGitHubClients.WithJwt(server, AppJwt.For(registeredByTest, TimeProvider.System)).GitHubApps.GetCurrent();

        Assert.Equal(["issue_comment", "pull_request"], own.Events.Order(StringComparer.Ordinal));
        Assert.Null(own.Permissions.PullRequests);
        Assert.Equal("alice", own.Owner.Login);
        Assert.Equal(["issue_comment", "pull_request", "pull_request_review"], gitJits.Events.Order(StringComparer.Ordinal));
        Assert.Equal("write", gitJits.Permissions.PullRequests?.StringValue);
        Assert.Equal("acme", gitJits.Owner.Login);
    }

    [Fact]
    public async Task Install_APrivateApp_IsOfferedOnItsOwnerOnly_AndGoesToTheSetupUrlWithTheInstallation()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AddOrganization("acme", "alice");
        server.AddOrganization("other", "alice");
        server.SignedInAs = "alice";
        using var browser = new ManifestBrowser(server);
        using var redirect = await browser.CreateAsync(ManifestBrowser.Manifest(setupUrl: "http://127.0.0.1:1/installed"), organization: "acme");
        var app = Assert.Single(server.Apps);

        using var page = await browser.GetAsync($"apps/{app.Slug}/installations/new");
        using var elsewhere = await browser.PostFormAsync($"apps/{app.Slug}/installations/new", new() { ["account"] = "other" });
        using var installed = await browser.PostFormAsync($"apps/{app.Slug}/installations/new", new() { ["account"] = "acme" });

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<option>acme</option>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<option>other</option>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, installed.StatusCode);
        var query = QueryHelpers.ParseQuery(installed.Headers.Location!.Query);
        Assert.StartsWith("http://127.0.0.1:1/installed?", installed.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.Equal("install", query["setup_action"]);
        var jwt = FakeGitHubClients.WithJwt(server, AppJwt.For(app, TimeProvider.System));
        var installation = Assert.Single(await jwt.GitHubApps.GetAllInstallationsForCurrent());
        Assert.Equal((long.Parse(query["installation_id"]!, System.Globalization.CultureInfo.InvariantCulture), "acme"), (installation.Id, installation.Account.Login));
        Assert.Equal("write", installation.Permissions.Contents?.StringValue);
        Assert.Null(installation.Permissions.PullRequests);
    }

    [Fact]
    public async Task AnotherSite_CannotConfirmAnApp_NorInstallOne_InASignedInBrowsersName()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AddOrganization("acme", "alice");
        server.SignedInAs = "alice";
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        HttpRequestMessage FromElsewhere(string path, Dictionary<string, string> form)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.WebUrl, path)) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("Origin", "http://attacker.example");
            request.Headers.Add("Sec-Fetch-Site", "cross-site");
            return request;
        }

        // The manifest with confirm=1, straight from another site: GitHub's confirmation page again, and no App.
        using var confirmed = await http.SendAsync(FromElsewhere("settings/apps/new?state=s1", new() { ["manifest"] = ManifestBrowser.Manifest(), ["confirm"] = "1" }));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("confirm", await confirmed.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Apps);

        using var browser = new ManifestBrowser(server);
        using var created = await browser.CreateAsync(ManifestBrowser.Manifest(), organization: "acme");
        var app = Assert.Single(server.Apps);
        using var install = await http.SendAsync(FromElsewhere($"apps/{app.Slug}/installations/new", new() { ["account"] = "acme" }));
        Assert.Equal(HttpStatusCode.Forbidden, install.StatusCode);
        var jwt = FakeGitHubClients.WithJwt(server, AppJwt.For(app, TimeProvider.System));
        Assert.Empty(await jwt.GitHubApps.GetAllInstallationsForCurrent());
    }
}
