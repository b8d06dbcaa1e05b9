using System.Net;
using System.Text;
using GitJit.Sandbox.GitHub;
using Microsoft.AspNetCore.WebUtilities;
using YamlDotNet.RepresentationModel;

namespace GitJit.GitHub.Tests.Sandbox;

public sealed class SandboxPagesTests
{
    private const string Banner = "Sandbox: a local stand-in for GitHub. Nothing here reaches github.com.";

    [Fact]
    public async Task Home_ShowsTheBanner_ThePeopleWithTheirTeams_AndTheRepositories()
    {
        await using var world = await SandboxWorld.StartAsync();
        using var browser = new PageBrowser(world.GitHub);

        var (status, html) = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(Banner, html, StringComparison.Ordinal);
        Assert.Contains("alice (Alice Example)", html, StringComparison.Ordinal);
        Assert.Contains("@acme/orders-dba", html, StringComparison.Ordinal);
        Assert.Contains("Act as olga", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/acme/access\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ActAs_SignsTheBrowserIn_AndSignInWithGitHubThenSignsInAsThatPerson()
    {
        await using var world = await SandboxWorld.StartAsync();
        using var browser = new PageBrowser(world.GitHub);

        await browser.ActAsAsync("olga");
        var (_, home) = await browser.GetAsync("/");
        using var request = new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(
            new Uri(world.GitHub.WebUrl, "login/oauth/authorize").ToString(),
            new Dictionary<string, string?> { ["client_id"] = world.App.ClientId, ["redirect_uri"] = "http://127.0.0.1:1/signin-github", ["state"] = "s" }));
        request.Headers.Add("Cookie", browser.Cookie);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var authorize = await http.SendAsync(request);
        var code = QueryHelpers.ParseQuery(authorize.Headers.Location!.Query)["code"].ToString();
        using var flow = new FakeGitHub.WebFlow(world.GitHub, world.App);
        using var exchanged = await flow.ExchangeAsync(code);
        var token = (await FakeGitHub.WebFlow.JsonAsync(exchanged)).GetProperty("access_token").GetString()!;
        var user = await FakeGitHub.FakeGitHubClients.WithUserToken(world.GitHub, token).User.Current();

        Assert.Contains("Signed in as <strong>olga</strong>", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.Equal("olga", user.Login);
    }

    [Fact]
    public async Task PullRequestPage_ShowsChecks_Files_AndTheConversation_WithHostileTextEncoded()
    {
        await using var world = await SandboxWorld.StartAsync();
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, "access-requests/orders-db/alice-x.yaml", "reason: <b>bold</b>\n", "Request <i>access</i>");
        world.People.Comment("bob", pullRequest, "<script>alert(1)</script> & \"quotes\"");
        world.People.Review("olga", pullRequest, FakeReviewVerdict.RequestChanges, "<img src=x onerror=alert(2)>");
        var client = await InstallationClientAsync(world);
        await client.Check.Run.Create("acme", "access", new Octokit.NewCheckRun("gitjit", pullRequest.HeadSha)
        {
            Status = Octokit.CheckStatus.Completed,
            Conclusion = Octokit.CheckConclusion.Failure,
            DetailsUrl = "javascript:alert(3)",
            Output = new Octokit.NewCheckRunOutput("1 problem: <role>", "The plan <summary>")
            {
                Annotations = [new Octokit.NewCheckRunAnnotation("access-requests/orders-db/alice-x.yaml", 1, 1, Octokit.CheckAnnotationLevel.Failure, "role is <missing>")],
            },
        });
        using var browser = new PageBrowser(world.GitHub);

        var (status, html) = await browser.GetAsync($"/acme/access/pull/{pullRequest.Number}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(Banner, html, StringComparison.Ordinal);
        Assert.Contains("Request &lt;i&gt;access&lt;/i&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("reason: &lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("failure", html, StringComparison.Ordinal);
        Assert.Contains("1 problem: &lt;role&gt;", html, StringComparison.Ordinal);
        Assert.Contains("The plan &lt;summary&gt;", html, StringComparison.Ordinal);
        Assert.Contains("access-requests/orders-db/alice-x.yaml:1", html, StringComparison.Ordinal);
        Assert.Contains("role is &lt;missing&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressesInComments_AreLinks_AndNothingElseBecomesMarkup()
    {
        await using var world = await SandboxWorld.StartAsync();
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, "a.txt", "a", "Add a");
        world.People.Comment("bob", pullRequest,
            "Granted: [open it](http://localhost:5080/grants/acme/access/1) · http://x.test/a\"onmouseover=alert(1) · javascript:alert(2) · <http://y.test/b>");
        using var browser = new PageBrowser(world.GitHub);

        var (_, html) = await browser.GetAsync($"/acme/access/pull/{pullRequest.Number}");

        Assert.Contains("""<a href="http://localhost:5080/grants/acme/access/1">http://localhost:5080/grants/acme/access/1</a>""", html, StringComparison.Ordinal);
        Assert.Contains("""<a href="http://x.test/a">http://x.test/a</a>&quot;onmouseover=alert(1)""", html, StringComparison.Ordinal);
        Assert.Contains("""&lt;<a href="http://y.test/b">http://y.test/b</a>&gt;""", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHtmlUrlOfAPullRequest_IsItsPage()
    {
        await using var world = await SandboxWorld.StartAsync();
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, "a.txt", "a", "Add a");
        var delivered = Assert.Single(await world.DeliveredAsync());
        using var json = System.Text.Json.JsonDocument.Parse(delivered.Body);
        var htmlUrl = new Uri(json.RootElement.GetProperty("pull_request").GetProperty("html_url").GetString()!);
        using var browser = new PageBrowser(world.GitHub);

        var (status, html) = await browser.GetAsync(htmlUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Add a #{pullRequest.Number}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFormsOfAPullRequest_ActAsTheSignedInPerson()
    {
        await using var world = await SandboxWorld.StartAsync();
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, "a.txt", "a", "Add a");
        using var browser = new PageBrowser(world.GitHub);
        var page = $"/acme/access/pull/{pullRequest.Number}";

        await browser.ActAsAsync("alice");
        using var comment = await browser.PostAsync(page + "/comment", new() { ["body"] = "/gitjit revoke" });
        using var push = await browser.PostAsync(page + "/push", new() { ["path"] = "a.txt", ["content"] = "b", ["message"] = "" });
        using var ownApproval = await browser.PostAsync(page + "/review", new() { ["verdict"] = "approve", ["review_body"] = "" });
        await browser.ActAsAsync("olga");
        using var approval = await browser.PostAsync(page + "/review", new() { ["verdict"] = "approve", ["review_body"] = "" });
        using var merge = await browser.PostAsync(page + "/merge", []);
        var (_, html) = await browser.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, comment.StatusCode);
        Assert.Equal(page, comment.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ownApproval.StatusCode);
        Assert.Contains("Can not approve your own pull request", await ownApproval.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("alice", "/gitjit revoke"), (world.Repository.Comments(pullRequest.Number).Single().Author, world.Repository.Comments(pullRequest.Number).Single().Body));
        Assert.Equal(("olga", "APPROVED"), (pullRequest.Reviews.Single().Reviewer, pullRequest.Reviews.Single().State));
        Assert.True(pullRequest.IsMerged);
        Assert.Equal("b", Encoding.UTF8.GetString(world.Repository.TreeAt(pullRequest.MergeCommitSha!).Entries["a.txt"].Content.Span));
        Assert.Contains("<button type=\"submit\" disabled>Merge pull request</button>", html, StringComparison.Ordinal);
        Assert.Equal(
            ["opened", "created", "synchronize", "submitted", "closed"],
            (await world.DeliveredAsync()).Select(d => d.Action));
    }

    [Theory]
    [InlineData("no session")]
    [InlineData("no form token")]
    [InlineData("another person's form token")]
    [InlineData("another origin")]
    [InlineData("a cross-site fetch")]
    public async Task APost_NotFromTheSignedInPersonsOwnPage_IsRefused_AndChangesNothing(string how)
    {
        await using var world = await SandboxWorld.StartAsync();
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, "a.txt", "a", "Add a");
        using var browser = new PageBrowser(world.GitHub);
        using var other = new PageBrowser(world.GitHub);
        var path = $"/acme/access/pull/{pullRequest.Number}/comment";
        if (how != "no session") await browser.ActAsAsync("bob");
        await other.ActAsAsync("carol");

        using var response = how switch
        {
            "no session" => await browser.PostAsync(path, new() { ["body"] = "hi" }, token: null),
            "no form token" => await browser.PostAsync(path, new() { ["body"] = "hi" }, token: null),
            "another person's form token" => await browser.PostAsync(path, new() { ["body"] = "hi" }, token: await other.FormTokenAsync()),
            "another origin" => await browser.PostAsync(path, new() { ["body"] = "hi" }, origin: "http://evil.example"),
            _ => await CrossSiteAsync(world, browser, path),
        };

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Empty(world.Repository.Comments(pullRequest.Number));
        Assert.Single(await world.DeliveredAsync());
    }

    [Theory]
    [InlineData("plain", "Investigate stuck orders after deploy 4711", "INC-4211", "public.orders, public.order_items")]
    [InlineData("hostile", "Fix: \"it\" # not a comment\nrole: admin\r\n  - x: {y}", "'; DROP TABLE x; --", "a: b, #c, \"d\", [e]")]
    [InlineData("yaml words", "yes", "123", "null, ~, true")]
    public async Task TheRequestForm_WritesAFile_ThatReadsBackExactlyAsTyped(string kind, string reason, string ticket, string tables)
    {
        await using var world = await SandboxWorld.StartAsync();
        using var browser = new PageBrowser(world.GitHub);
        await browser.ActAsAsync("alice");

        using var response = await browser.PostAsync("/acme/access/request-access", new()
        {
            ["requester"] = "alice",
            ["resource"] = "orders-db",
            ["role"] = kind == "hostile" ? "read-only\nrole: admin" : "read-only",
            ["duration"] = "2h",
            ["reason"] = reason,
            ["ticket"] = ticket,
            ["tables"] = tables,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var pullRequest = Assert.Single(world.Repository.PullRequests);
        Assert.Equal($"/acme/access/pull/{pullRequest.Number}", response.Headers.Location!.OriginalString);
        var before = world.Repository.TreeAt(pullRequest.BaseSha).Entries;
        var (path, entry) = Assert.Single(world.Repository.TreeAt(pullRequest.HeadSha).Entries, e => !before.ContainsKey(e.Key));
        Assert.StartsWith("access-requests/orders-db/alice-", path, StringComparison.Ordinal);
        Assert.EndsWith(".yaml", path, StringComparison.Ordinal);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Encoding.UTF8.GetString(entry.Content.Span)));
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        Assert.Equal(["requester", "resource", "role", "duration", "reason", "ticket", "guardrails"], root.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal(kind == "hostile" ? "read-only\nrole: admin" : "read-only", Scalar(root, "role"));
        Assert.Equal(reason.Trim(), Scalar(root, "reason"));
        Assert.Equal(ticket, Scalar(root, "ticket"));
        var typedTables = tables.Split(',').Select(t => t.Trim());
        var written = (YamlSequenceNode)((YamlMappingNode)root["guardrails"])["tables"];
        Assert.Equal(typedTables, written.Children.Select(t => ((YamlScalarNode)t).Value));
        // Values YAML would read as something else than a string are quoted.
        Assert.All(written.Children.Concat([root["ticket"], root["reason"]]), n => Assert.True(
            ((YamlScalarNode)n).Style != YamlDotNet.Core.ScalarStyle.Plain || !IsYamlWord(((YamlScalarNode)n).Value!), ((YamlScalarNode)n).Value));
    }

    [Theory]
    [InlineData("../../policies", "alice")]
    [InlineData("orders-db", "../alice")]
    [InlineData("orders-db/x", "alice")]
    public async Task TheRequestForm_RefusesClearly_ValuesThatWouldNameAnotherPath(string resource, string requester)
    {
        await using var world = await SandboxWorld.StartAsync();
        using var browser = new PageBrowser(world.GitHub);
        await browser.ActAsAsync("alice");

        using var response = await browser.PostAsync("/acme/access/request-access", new()
        {
            ["requester"] = requester, ["resource"] = resource, ["role"] = "read-only", ["duration"] = "2h", ["reason"] = "Investigate things",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("it names the", html, StringComparison.Ordinal);
        Assert.Empty(world.Repository.PullRequests);
    }

    [Fact]
    public async Task TheRepositoryPage_ShowsFiles_PullRequests_GitHistory_AndRecentDeliveries()
    {
        await using var world = await SandboxWorld.StartAsync(onDisk: true);
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, "a.txt", "a", "Add <a>");
        world.People.Review("olga", pullRequest, FakeReviewVerdict.Approve);
        world.People.Merge("olga", pullRequest);
        await world.DeliveredAsync();
        using var browser = new PageBrowser(world.GitHub);

        var (status, html) = await browser.GetAsync("/acme/access");
        var (fileStatus, file) = await browser.GetAsync("/acme/access/blob/main/a.txt");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("href=\"/acme/access/blob/main/policies/orders-db.yaml\"", html, StringComparison.Ordinal);
        Assert.Contains($"#{pullRequest.Number} Add &lt;a&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Merge pull request #1 from acme/alice-patch-1", html, StringComparison.Ordinal);
        Assert.Contains("The access repository — Admin", html, StringComparison.Ordinal);
        Assert.Contains("pull_request.closed", html, StringComparison.Ordinal);
        Assert.Contains("pull_request_review.submitted", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fileStatus);
        Assert.Contains("<pre>a</pre>", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutPages_TheStandInAnswers404ThereAsBefore()
    {
        await using var gitHub = await FakeGitHubServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(gitHub.WebUrl);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string? Scalar(YamlMappingNode root, string key) => ((YamlScalarNode)root[key]).Value;

    private static bool IsYamlWord(string value) =>
        value is "yes" or "no" or "true" or "false" or "null" or "~" || double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static async Task<HttpResponseMessage> CrossSiteAsync(SandboxWorld world, PageBrowser browser, string path)
    {
        var token = await browser.FormTokenAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(world.GitHub.WebUrl, path))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["body"] = "hi", ["_form_token"] = token }),
        };
        request.Headers.Add("Cookie", browser.Cookie);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        return await http.SendAsync(request);
    }

    private static async Task<Octokit.GitHubClient> InstallationClientAsync(SandboxWorld world)
    {
        var jwt = FakeGitHub.AppJwt.For(world.App, TimeProvider.System);
        var token = await FakeGitHub.FakeGitHubClients.WithJwt(world.GitHub, jwt).GitHubApps.CreateInstallationToken(SandboxWorld.InstallationId);
        return FakeGitHub.FakeGitHubClients.WithToken(world.GitHub, token.Token);
    }
}
