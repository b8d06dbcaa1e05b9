using System.Net;
using System.Text.Json;
using GitJit.Sandbox.GitHub;
using GitJit.Server.Setup;
using GitJit.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace GitJit.Server.Tests.Setup;

/// <summary>
/// /setup end to end: GitJit started with no App, the fake GitHub creating one from the manifest GitJit posts, GitJit
/// storing its credentials and starting again as that App.
/// </summary>
public sealed class SetupFlowTests
{
    private const string Ping = """{"zen":"Keep it logically awesome.","hook_id":1}""";

    [Fact]
    public async Task Setup_FromLoopback_CreatesTheApp_StoresItsCredentials0600_AndTheServerThenRunsAsTheApp()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.AddOrganization("acme", "alice");
        github.SignedInAs = "alice";
        using var data = new TemporaryDirectory();
        await using var server = await SetupServer.StartAsync(github, data.Path);
        var token = server.Token;
        using var browser = new SetupBrowser(server.Address, token: token);

        var back = await browser.CreateOnGitHubAsync(name: "GitJit (test)", organization: "acme");
        var done = await browser.GetAsync(back);

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.False(File.Exists(Path.Combine(data.Path, "setup-token")), "the setup token outlived the setup");
        Assert.Contains("GitJit is now the GitHub App GitJit (test)", WebUtility.HtmlDecode(done.Body), StringComparison.Ordinal);
        var app = Assert.Single(github.Apps);
        Assert.Contains($"href=\"{app.HtmlUrl}/installations/new\"", done.Body, StringComparison.Ordinal);
        Assert.Equal(("acme", "Organization"), (app.Registration.Owner, app.Registration.OwnerType));
        Assert.Equal(new Uri(server.Address, "api/github/webhooks"), app.Registration.WebhookUrl);
        Assert.Equal([new Uri(server.Address, "signin/github")], app.CallbackUrls);
        Assert.Equal(GitJit.GitHub.GitHubAppManifest.Permissions, app.Registration.Permissions);
        Assert.Equal(GitJit.GitHub.GitHubAppManifest.Events, app.Registration.Events);

        var json = Path.Combine(data.Path, StoredApp.FileName);
        var pem = Path.Combine(data.Path, StoredApp.KeyFileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(json));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pem));
        }
        Assert.Equal(app.PrivateKeyPem, await File.ReadAllTextAsync(pem));
        using (var stored = JsonDocument.Parse(await File.ReadAllTextAsync(json)))
        {
            var root = stored.RootElement;
            Assert.Equal(app.AppId, root.GetProperty("id").GetInt64());
            Assert.Equal(app.Slug, root.GetProperty("slug").GetString());
            Assert.Equal(app.ClientId, root.GetProperty("client_id").GetString());
            Assert.Equal(app.ClientSecret, root.GetProperty("client_secret").GetString());
            Assert.Equal(app.Registration.WebhookSecret, root.GetProperty("webhook_secret").GetString());
            Assert.Equal(app.HtmlUrl.ToString(), root.GetProperty("html_url").GetString());
        }
        Assert.Empty(Directory.EnumerateFiles(data.Path, "*.tmp"));
        var code = QueryHelpers.ParseQuery(back.Query)["code"]!;
        await Assert.ThrowsAsync<Octokit.NotFoundException>(() =>
            new Octokit.GitHubClient(new Octokit.ProductHeaderValue("test"), github.ApiUrl).GitHubApps.CreateAppFromManifest(code));

        // The same process, started again as the App: GitHub accepts its credentials, its webhook secret is the stored one.
        var health = await server.HealthAsync(h => !h.Body.Contains("\"setup\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Contains(app.Slug, health.Body, StringComparison.Ordinal);
        using var signed = await server.DeliverAsync("ping", Ping, app.Registration.WebhookSecret!);
        using var forged = await server.DeliverAsync("ping", Ping, "another secret, not the App's");
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri(server.Address, "setup"))).Status);
        // The page's link installs the App on the organisation that owns it.
        var install = new Uri($"{app.HtmlUrl}/installations/new");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(install)).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync(install, new() { ["account"] = "acme" })).Status);
        using var key = System.Security.Cryptography.RSA.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(pem));
        var installations = await new Octokit.GitHubClient(new Octokit.ProductHeaderValue("test"), github.ApiUrl)
        {
            Credentials = new Octokit.Credentials(new GitJit.GitHub.GitHubAppJwt(app.AppId, key, TimeProvider.System).Create(), Octokit.AuthenticationType.Bearer),
        }.GitHubApps.GetAllInstallationsForCurrent();
        Assert.Equal("acme", Assert.Single(installations).Account.Login);
        Assert.Contains(server.Logs.All, l => l.Contains("[1105]", StringComparison.Ordinal));
        Assert.Contains(server.Logs.All, l => l.Contains("[1101]", StringComparison.Ordinal));

        var scan = new SecretScan();
        scan.AddPem("App private key", app.PrivateKeyPem);
        scan.Add("App client secret", app.ClientSecret);
        scan.Add("App webhook secret", app.Registration.WebhookSecret);
        // Whoever converts the manifest code first gets the App's key: it is never logged (ASP.NET Core's request lines carry queries).
        scan.Add("manifest code", QueryHelpers.ParseQuery(back.Query)["code"]!);
        scan.Add("setup token", token);
        scan.Watch("logs", () => server.Logs.All.Select((l, i) => ($"log line {i + 1}", l)));
        scan.Watch("GitJit's pages", () => browser.GitJitPages.Select((p, i) => ($"page {i + 1}", p)));
        scan.Watch("sent to GitHub", () => github.Received.Select(r => (r.Route, r.Body)));
        Assert.Empty(scan.Hits());
        Assert.True(scan.Searched > 10);
    }

    [Fact]
    public async Task SetupMode_AnswersEverythingElseWith503_AndHealthzSaysSetupIsPending()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        using var data = new TemporaryDirectory();
        await using var server = await SetupServer.StartAsync(github, data.Path);
        using var browser = new SetupBrowser(server.Address, token: server.Token);

        var grants = await browser.GetAsync(new Uri(server.Address, "grants"));
        var health = await browser.GetAsync(new Uri(server.Address, "healthz"));
        using var webhook = await server.DeliverAsync("ping", Ping, "anything");
        var stylesheet = await browser.GetAsync(new Uri(server.Address, "assets/gitjit.css"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, grants.Status);
        Assert.Contains("GitJit is not set up", grants.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("setup", JsonDocument.Parse(health.Body).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stylesheet.Status);
        Assert.Contains(server.Logs.All, l => l.Contains("[1100]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setup_FromAnAddressNotAllowed_IsNotFound_AndNothingIsStored()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        using var data = new TemporaryDirectory();
        await using var server = await SetupServer.StartAsync(github, data.Path, s => s["GitJit:Setup:AllowedAddresses:0"] = "10.1.2.0/24");
        using var browser = new SetupBrowser(server.Address, token: server.Token);

        var form = await browser.GetAsync(new Uri(server.Address, "setup"));
        var start = await browser.PostAsync(new Uri(server.Address, "setup"), new() { ["name"] = "GitJit", ["organization"] = "" });
        var done = await browser.GetAsync(new Uri(server.Address, "setup/done?code=abc&state=def"));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { form.Status, start.Status, done.Status });
        Assert.DoesNotContain("setup", form.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(server.Logs.All, l => l.Contains("[1102]", StringComparison.Ordinal));
        Assert.Equal(["setup-token"], Directory.EnumerateFiles(data.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Setup_ReturningWithAnotherState_OrFromAnotherBrowser_IsRefused_AndNothingIsStored()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.AddOrganization("acme", "alice");
        github.SignedInAs = "alice";
        using var data = new TemporaryDirectory();
        await using var server = await SetupServer.StartAsync(github, data.Path);
        using var browser = new SetupBrowser(server.Address, token: server.Token);
        using var otherBrowser = new SetupBrowser(server.Address, token: server.Token);
        var back = await browser.CreateOnGitHubAsync();
        var query = QueryHelpers.ParseQuery(back.Query);
        var forgedState = QueryHelpers.AddQueryString(new Uri(server.Address, "setup/done").ToString(), new Dictionary<string, string?> { ["code"] = query["code"], ["state"] = new string('0', 64) });

        var wrongState = await browser.GetAsync(new Uri(forgedState));
        var noState = await browser.GetAsync(new Uri(QueryHelpers.AddQueryString(new Uri(server.Address, "setup/done").ToString(), "code", query["code"]!)));
        var noCookie = await otherBrowser.GetAsync(back);

        // Another browser has neither the setup token's cookie nor the state: it is not even told setup is there.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound], new[] { wrongState.Status, noState.Status, noCookie.Status });
        Assert.Contains("Not this browser", wrongState.Body, StringComparison.Ordinal);
        Assert.Equal(["setup-token"], Directory.EnumerateFiles(data.Path).Select(Path.GetFileName));
        Assert.Equal(2, server.Logs.All.Count(l => l.Contains("[1103]", StringComparison.Ordinal)));
        Assert.Equal(1, server.Logs.All.Count(l => l.Contains("[1108]", StringComparison.Ordinal)));
        // The code was never spent: GitJit did not ask GitHub for the App.
        Assert.Equal(0, github.Requests("POST", $"/app-manifests/{query["code"]}/conversions"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(server.Address, "setup"))).Status);
    }

    [Fact]
    public async Task Setup_FromAnAllowedAddress_WithoutTheOneTimeToken_IsNotFound_AsBehindAProxyThatHidesItsClients()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        using var data = new TemporaryDirectory();
        await using var server = await SetupServer.StartAsync(github, data.Path);
        using var noToken = new SetupBrowser(server.Address);
        using var wrongToken = new SetupBrowser(server.Address, token: new string('0', 48));

        Assert.Equal(HttpStatusCode.NotFound, (await noToken.GetAsync(new Uri(server.Address, "setup"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await noToken.PostAsync(new Uri(server.Address, "setup"), new() { ["name"] = "GitJit" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await wrongToken.GetAsync(new Uri(server.Address, "setup?token=" + new string('0', 48)))).Status);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, "setup-token")));
        Assert.Equal(3, server.Logs.All.Count(l => l.Contains("[1108]", StringComparison.Ordinal)));
        Assert.DoesNotContain(server.Logs.All, l => l.Contains(server.Token, StringComparison.Ordinal));

        // The token opens it once; the browser keeps it in a cookie for the rest of the flow.
        using var operator_ = new SetupBrowser(server.Address);
        Assert.Equal(HttpStatusCode.OK, (await operator_.GetAsync(new Uri(server.Address, "setup?token=" + server.Token))).Status);
        Assert.Equal(HttpStatusCode.OK, (await operator_.GetAsync(new Uri(server.Address, "setup"))).Status);
    }

    [Fact]
    public async Task Setup_WhenGitHubFailsTheConversion_SaysSo_StoresNothing_AndSetupStaysOpen()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.SignedInAs = "alice";
        using var data = new TemporaryDirectory();
        await using var server = await SetupServer.StartAsync(github, data.Path);
        using var browser = new SetupBrowser(server.Address, token: server.Token);
        var back = await browser.CreateOnGitHubAsync(organization: "");
        github.Fail((method, path) => method == "POST" && path.EndsWith("/conversions", StringComparison.Ordinal), 1, GitHubFault.ServerError(500));

        var done = await browser.GetAsync(back);
        var again = await browser.GetAsync(back);

        Assert.Equal(HttpStatusCode.BadGateway, done.Status);
        Assert.Contains("GitHub answered 500", WebUtility.HtmlDecode(done.Body), StringComparison.Ordinal);
        Assert.Contains("Nothing was stored", done.Body, StringComparison.Ordinal);
        // The fake did the conversion's work only on the second try, which GitJit then stored.
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains(server.Logs.All, l => l.Contains("[1104]", StringComparison.Ordinal));
        Assert.Equal("alice", Assert.Single(github.Apps).Registration.Owner);
    }

    [Fact]
    public async Task Setup_WhenTheCodeIsUnknownToGitHub_SaysSo_AndStoresNothing()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.SignedInAs = "alice";
        using var data = new TemporaryDirectory();
        await using var server = await SetupServer.StartAsync(github, data.Path);
        using var browser = new SetupBrowser(server.Address, token: server.Token);
        var back = await browser.CreateOnGitHubAsync(organization: "");
        var query = QueryHelpers.ParseQuery(back.Query);
        var unknown = QueryHelpers.AddQueryString(new Uri(server.Address, "setup/done").ToString(), new Dictionary<string, string?> { ["code"] = "not-a-code", ["state"] = query["state"] });

        var done = await browser.GetAsync(new Uri(unknown));

        Assert.Equal(HttpStatusCode.BadGateway, done.Status);
        Assert.Contains("GitHub does not know the code", WebUtility.HtmlDecode(done.Body), StringComparison.Ordinal);
        Assert.Equal(["setup-token"], Directory.EnumerateFiles(data.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task SetupMode_WithoutAPublicUrl_RefusesToStart_NamingTheSetting()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        using var data = new TemporaryDirectory();

        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            SetupServer.StartAsync(github, data.Path, s => s.Remove("GitJit:PublicUrl")));

        Assert.Contains("GitJit:PublicUrl", refused.Message, StringComparison.Ordinal);
    }
}
