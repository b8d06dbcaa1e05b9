using System.Net;
using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Testing.Browser;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// The pages as people use them, in headless Chromium: sign in with GitHub (the fake's real web flow through the
/// server's OAuth handler), the requester's grant page and its reveal, connecting to a real PostgreSQL with exactly
/// what the page shows, the live list, admin revocation and the Hangfire dashboard. The access repository's remote
/// is a real bare git repository, so every reveal and revocation is checked where auditors read it.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class GrantPagesTests : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly Chromium chromium;
    private readonly List<IBrowserContext> contexts = [];
    private RealGrantWorld real = null!;

    public GrantPagesTests(ChromiumFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        chromium = fixture.Chromium;
    }

    private FlowWorld World => real.World;

    private ServerUnderTest Server => real.Server;

    public async Task InitializeAsync()
    {
        real = await RealGrantWorld.StartAsync(settings =>
        {
            settings["GitJit:Web:ActionsPerMinute"] = "3";
            // Served over plain http on loopback: an https PublicUrl would (rightly) make every cookie Secure-only and
            // refuse forms on http (SignInTests covers that, behind a proxy).
            settings["GitJit:PublicUrl"] = "http://gitjit.example.test/";
        }, policy: [("    approvals: 1\n", "    approvals: 1\n    emergency:\n      maxDuration: 1h\n      followUpWithin: 1h\n")]);
        World.GitHub.AddTeam("acme", "auditors", "carol");
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
        await real.DisposeAsync();
    }

    [Fact]
    public async Task Requester_SignsIn_RevealsOnce_AndConnectsWithWhatThePageShows()
    {
        var pullRequest = await real.GrantAsync("2h");
        var page = await SignInAsync("alice", $"/grants/acme/access/{pullRequest}");

        Assert.Equal("orders-db · read-only", await page.Locator("h1").TextContentAsync());
        // The page's script adds each time in the reader's own zone once it runs: read the details after it has.
        await page.WaitForFunctionAsync("() => document.querySelector('dl').innerText.includes('your time')");
        var details = await page.Locator("dl").InnerTextAsync();
        Assert.Contains("@alice", details, StringComparison.Ordinal);
        Assert.Contains("@olga", details, StringComparison.Ordinal);
        Assert.Contains("only tables: public.orders", details, StringComparison.Ordinal);
        // This world's read-only role has no statement guardrail (RealGrantWorld), so no gateway: the page says so.
        Assert.Contains("sessions: straight to PostgreSQL, without the gateway: no statement is judged", details, StringComparison.Ordinal);
        Assert.Contains("denied tables: public.customers_pii — enforced by PostgreSQL privileges", details, StringComparison.Ordinal);
        Assert.DoesNotContain("by the gateway per statement", details, StringComparison.Ordinal);
        Assert.Contains("UTC", details, StringComparison.Ordinal);
        Assert.Contains("your time", details, StringComparison.Ordinal);
        var countdown = page.Locator("[data-countdown]");
        var before = await countdown.TextContentAsync();
        // Whole seconds rounded up: a page shown within a second of the grant still has all of its two hours.
        Assert.Matches(@"^(2h 00m 00s|1h 5\dm \d\ds) left$", before);
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-countdown]').textContent !== {System.Text.Json.JsonSerializer.Serialize(before)}");

        var reveal = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).ClickAsync(), response => response.Url.EndsWith("/reveal", StringComparison.Ordinal));
        Assert.Equal(200, reveal.Status);
        Assert.Contains("no-store", await reveal.HeaderValueAsync("cache-control"), StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'; script-src 'self'", await reveal.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        Assert.Equal("no-referrer", await reveal.HeaderValueAsync("referrer-policy"));
        var uri = await page.Locator("#uri").TextContentAsync();
        Assert.Equal($"psql '{uri}'", await page.Locator("#psql").TextContentAsync());
        Assert.EndsWith("?sslmode=prefer", uri, StringComparison.Ordinal); // as the admin connection (Npgsql's default)
        Assert.Equal(2L, await CountOrdersAsync(uri!));

        // A second reveal sets a new password: the first stops working, the second works, and both are in git.
        await page.GotoAsync(new Uri(Server.Address, $"/grants/acme/access/{pullRequest}").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).ClickAsync();
        var second = await page.Locator("#uri").TextContentAsync();
        Assert.NotEqual(uri, second);
        Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(() => CountOrdersAsync(uri!))).SqlState);
        Assert.Equal(2L, await CountOrdersAsync(second!));

        var issued = real.History.Where(e => e.Record.Event == AuditEvent.CredentialsIssued).OrderBy(e => e.Record.Sequence).ToList();
        Assert.Equal([1, 2], issued.Select(e => e.Record.Sequence!.Value));
        Assert.All(issued, e => Assert.Equal("alice", e.Record.By));
        var secrets = new[] { uri!, second! }.Select(u => Uri.UnescapeDataString(new Uri(u).UserInfo.Split(':')[1]));
        using var git = new Repository(real.Remote);
        var everything = string.Join("\n", git.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = "refs/heads/main" })
            .SelectMany(c => new[] { c.Message }.Concat(c.Tree["audit"] is { } audit ? Files((Tree)audit.Target) : [])));
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, everything, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SomeoneElse_Gets403_AndForgedOrForeignRevealsAreRefused()
    {
        var pullRequest = await real.GrantAsync("2h");
        var bob = await SignInAsync("bob", "/grants");
        var response = await bob.GotoAsync(new Uri(Server.Address, $"/grants/acme/access/{pullRequest}").ToString());
        Assert.Equal(403, response!.Status);
        Assert.Contains("Only the requester", await bob.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await bob.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).CountAsync());

        // Without the page's anti-forgery token, a post is refused before anything happens; with bob's own, bob is still not alice.
        var forged = await bob.Context.APIRequest.PostAsync(new Uri(Server.Address, $"/grants/acme/access/{pullRequest}/reveal").ToString(), new() { MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);
        var listed = await bob.GotoAsync(new Uri(Server.Address, "/grants").ToString());
        var token = await bob.Locator("form[action='/signout'] input[name='__gitjit_csrf']").GetAttributeAsync("value");
        var foreign = await bob.Context.APIRequest.PostAsync(new Uri(Server.Address, $"/grants/acme/access/{pullRequest}/reveal").ToString(),
            new() { Form = bob.Context.APIRequest.CreateFormData().Set("__gitjit_csrf", token!), MaxRedirects = 0 });
        Assert.Equal(403, foreign.Status);
        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.CredentialsIssued);
        Assert.Equal(200, listed!.Status);
    }

    [Fact]
    public async Task AGrantRecordEditedInGit_GivesNoOneElseTheCredentials()
    {
        var pullRequest = await real.GrantAsync("2h");
        // Someone with push access (or an admin merging past the check) rewrites the record to name themselves.
        var work = Path.Combine(real.Folder, "tamper");
        Repository.Clone(real.Remote, work, new CloneOptions { BranchName = "main" });
        using (var clone = new Repository(work))
        {
            var path = Path.Combine(work, "audit", pullRequest.ToString(System.Globalization.CultureInfo.InvariantCulture), "granted.json");
            await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("\"requester\": \"alice\"", "\"requester\": \"mallory\"", StringComparison.Ordinal));
            Commands.Stage(clone, "*");
            var someone = new Signature("mallory", "mallory@example.test", TimeProvider.System.GetUtcNow());
            clone.Commit("Fix the record", someone, someone);
            clone.Network.Push(clone.Branches["main"]);
        }
        Assert.Contains(real.History, e => e.Record.Requester == "mallory");

        var mallory = await SignInAsync("mallory", "/grants", expectStatus: 403);
        var page = await mallory.GotoAsync(new Uri(Server.Address, $"/grants/acme/access/{pullRequest}").ToString());
        Assert.Equal(403, page!.Status);
        var token = await mallory.Locator("form[action='/signout'] input[name='__gitjit_csrf']").GetAttributeAsync("value");
        var reveal = await mallory.Context.APIRequest.PostAsync(new Uri(Server.Address, $"/grants/acme/access/{pullRequest}/reveal").ToString(),
            new() { Form = mallory.Context.APIRequest.CreateFormData().Set("__gitjit_csrf", token!), MaxRedirects = 0 });
        Assert.Equal(403, reveal.Status);
        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.CredentialsIssued);
    }

    [Fact]
    public async Task AccessAlreadyGoneFromTheDatabase_RevealsNothing()
    {
        var pullRequest = await real.GrantAsync("2h");
        var provider = Server.Services.GetRequiredService<AccessProviders>().For("postgres");
        // A revocation caught between ending the access and writing its record.
        await provider.RevokeAsync(Assert.Single(await provider.ListAsync(CancellationToken.None), a => a.GrantId == $"acme/access#{pullRequest}"), CancellationToken.None);

        var page = await SignInAsync("alice", $"/grants/acme/access/{pullRequest}", expectStatus: 410);
        Assert.Contains("access is gone", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).CountAsync());
    }

    [Fact]
    public async Task Reveals_AreLimitedPerViewer()
    {
        var pullRequest = await real.GrantAsync("2h");
        var page = await SignInAsync("alice", $"/grants/acme/access/{pullRequest}");
        var token = await page.Locator("form[action$='/reveal'] input[name='__gitjit_csrf']").GetAttributeAsync("value");
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var response = await page.Context.APIRequest.PostAsync(new Uri(Server.Address, $"/grants/acme/access/{pullRequest}/reveal").ToString(),
                new() { Form = page.Context.APIRequest.CreateFormData().Set("__gitjit_csrf", token!), MaxRedirects = 0 });
            statuses.Add(response.Status);
        }
        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal(3, real.History.Count(e => e.Record.Event == AuditEvent.CredentialsIssued));
    }

    [Fact]
    public async Task AnEmergencyGrant_SaysSoOnItsPage_WithTheDeadlineForItsReview()
    {
        var pullRequest = World.Open(GitJit.Testing.Requests.AliceWith("duration", "30m") + "\nemergency: true");
        using (var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "pull_request", World.Payload("pull_request", "opened", pullRequest), FlowWorld.Secret))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        await Server.JobsDoneAsync();

        var page = await SignInAsync("alice", $"/grants/acme/access/{pullRequest.Number}");

        var details = await page.Locator("dl").InnerTextAsync();
        Assert.Contains("break-glass, granted without approval; a code owner must approve it by", details, StringComparison.Ordinal);
        Assert.Contains("Approved by\n—", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterExpiry_ThePageSaysSo_AndThereIsNothingToReveal()
    {
        var pullRequest = await real.GrantAsync("8s");
        var page = await SignInAsync("alice", $"/grants/acme/access/{pullRequest}");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" });
        await button.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the grant" }).ClickAsync();
        Assert.True(await button.IsVisibleAsync());
        Assert.Contains("once", await page.Locator("dl").InnerTextAsync(), StringComparison.Ordinal);
        var token = await page.Locator("input[name='__gitjit_csrf']").First.GetAttributeAsync("value");

        // The countdown runs out in the page itself: the button goes, the page says there is nothing to reveal.
        await page.GetByText("This grant has expired: there is nothing to reveal.").WaitForAsync(new() { Timeout = 15_000 });
        Assert.False(await button.IsVisibleAsync());
        Assert.Equal("expired", await page.Locator("[data-countdown]").TextContentAsync());

        await WaitForAsync(() => real.History.Any(e => e.Record.Event == AuditEvent.Revoked));
        var after = await page.ReloadAsync();
        Assert.Equal(410, after!.Status);
        Assert.Contains("expired at", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await button.CountAsync());
        var late = await page.Context.APIRequest.PostAsync(new Uri(Server.Address, $"/grants/acme/access/{pullRequest}/reveal").ToString(),
            new() { Form = page.Context.APIRequest.CreateFormData().Set("__gitjit_csrf", token!), MaxRedirects = 0 });
        Assert.Equal(410, late.Status);

        // The trail: one reveal, counted by the revocation, and clean by the auditor's rules.
        var history = real.History;
        Assert.Single(history, e => e.Record.Event == AuditEvent.CredentialsIssued);
        Assert.Equal(1, history.Single(e => e.Record.Event == AuditEvent.Revoked).Record.CredentialsIssued);
        var verification = AuditVerifier.Verify(history.Select(e => e.Record), TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(3));
        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
    }

    [Fact]
    public async Task LiveList_ShowsNewGrantsAndSessionsWithoutReload_AndAnAdminRevokesFromIt()
    {
        var first = await real.GrantAsync("2h");
        var carol = await SignInAsync("carol", "/grants");
        var row = (int number) => carol.Locator($"tr[data-grant='acme/access#{number}']");
        Assert.Equal(1, await row(first).CountAsync());
        Assert.Contains("@alice", await row(first).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("@olga", await row(first).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("0", await row(first).Locator("[data-sessions]").TextContentAsync());
        Assert.Equal("not logged (no gateway)", await row(first).Locator("td[data-label='Statements']").TextContentAsync());
        Assert.Equal(0, await carol.GetByRole(AriaRole.Button, new() { Name = "Revoke acme/access#" + first }).CountAsync());

        // A new grant and a new session appear in carol's open page without a reload.
        var second = await real.GrantAsync("1h");
        await row(second).WaitForAsync(new() { Timeout = 15_000 });
        var provider = Server.Services.GetRequiredService<AccessProviders>().For("postgres");
        var access = Assert.Single(await provider.ListAsync(CancellationToken.None), a => a.GrantId == $"acme/access#{second}");
        var credentials = await provider.IssueCredentialsAsync(access, CancellationToken.None);
        await using var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(real.Target) { Username = credentials.User, Password = credentials.Secret, Pooling = false }.ConnectionString);
        await session.OpenAsync();
        await Microsoft.Playwright.Assertions.Expect(row(second).Locator("[data-sessions]")).ToHaveTextAsync("1", new() { Timeout = 15_000 });

        // The admin revokes the second grant from the list: its session is cut, the row goes, git records who did it.
        var admin = await SignInAsync(FlowWorld.Admin, "/grants");
        var asked = new List<string>();
        var answered = new List<Task>(); // awaited below, so a failed answer fails the test instead of escaping an async void handler
        admin.Dialog += (_, dialog) =>
        {
            asked.Add(dialog.Message);
            answered.Add(asked.Count == 1 ? dialog.DismissAsync() : dialog.AcceptAsync());
        };
        var revoke = admin.GetByRole(AriaRole.Button, new() { Name = $"Revoke acme/access#{second}" });
        await revoke.ClickAsync();
        await Task.Delay(1000);
        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.Revoked); // dismissed: nothing happened
        await revoke.ClickAsync();
        Assert.Equal($"Revoke acme/access#{second} of @alice now? Their sessions end at once.", asked[0]);
        await Task.WhenAll(answered);
        await Microsoft.Playwright.Assertions.Expect(admin.Locator($"tr[data-grant='acme/access#{second}']")).ToHaveCountAsync(0);
        await Microsoft.Playwright.Assertions.Expect(row(second)).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        Assert.Equal(1, await row(first).CountAsync());
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var check = new NpgsqlCommand("select 1", session);
            await check.ExecuteScalarAsync();
        });
        var revoked = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Revoked);
        var alice = await SignInAsync("alice", $"/grants/acme/access/{second}", expectStatus: 410);
        Assert.Contains($"by @{FlowWorld.Admin}", await alice.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await alice.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).CountAsync());
        Assert.Equal((second, AuditReason.Early, FlowWorld.Admin, 1), (revoked.Record.PullRequest, revoked.Record.Reason!.Value, revoked.Record.By, revoked.Record.SessionsEnded));

        // Someone from outside the organisation sees nothing.
        var stranger = await SignInAsync("mallory", "/grants", expectStatus: 403);
        Assert.Equal(0, await stranger.Locator("tr[data-grant]").CountAsync());
    }

    [Fact]
    public async Task HangfireDashboard_IsForAdminsOnly()
    {
        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            var anonymous = await http.GetAsync(new Uri(Server.Address, "/hangfire"));
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.StartsWith(World.GitHub.WebUrl + "login/oauth/authorize", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
        var carol = await SignInAsync("carol", "/grants");
        Assert.Equal(403, (await carol.GotoAsync(new Uri(Server.Address, "/hangfire").ToString()))!.Status);
        var admin = await SignInAsync(FlowWorld.Admin, "/hangfire");
        Assert.Contains("Dashboard", await admin.TitleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangfireDashboard_RefusesSomeoneWhoTookAnAdminsLoginAfterTheServerStarted()
    {
        World.GitHub.ReRegister(FlowWorld.Admin);

        var impostor = await SignInAsync(FlowWorld.Admin, "/grants", expectStatus: 403);

        Assert.Equal(403, (await impostor.GotoAsync(new Uri(Server.Address, "/hangfire").ToString()))!.Status);
    }

    /// <summary>Opens <paramref name="path"/> in a fresh browser (its own cookies), signs in on the fake GitHub as <paramref name="login"/>, and lands back on the page.</summary>
    private async Task<IPage> SignInAsync(string login, string path, int expectStatus = 200)
    {
        var context = await chromium.NewContextAsync();
        contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Server.Address, path).ToString());
        Assert.StartsWith(World.GitHub.WebUrl.ToString(), page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Username or email address").FillAsync(login);
        var landed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            response => response.Url == new Uri(Server.Address, path).ToString());
        Assert.Equal(expectStatus, landed.Status);
        return page;
    }

    /// <summary>Connects with a <c>postgresql://</c> URI as the page shows it and counts the orders.</summary>
    private static async Task<long> CountOrdersAsync(string uri)
    {
        var parsed = new Uri(uri);
        var user = parsed.UserInfo.Split(':', 2);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.Port,
            Database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(user[0]),
            Password = Uri.UnescapeDataString(user[1]),
            Pooling = false,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from public.orders", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static IEnumerable<string> Files(Tree tree) =>
        tree.SelectMany(entry => entry.TargetType == TreeEntryTargetType.Tree ? Files((Tree)entry.Target) : [((Blob)entry.Target).GetContentText()]);

    private async Task WaitForAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "not within 30 s: " + Server.JobTroubles());
            await Task.Delay(100);
        }
    }
}

/// <summary>One headless Chromium for a test class; each test opens its own contexts (cookie jars).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync() => Chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await Chromium.DisposeAsync();
}
