using System.Diagnostics;
using System.Text.RegularExpressions;
using GitJit.Audit;
using GitJit.Core.Audit;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace GitJit.Server.Tests.Sandbox;

/// <summary>
/// A new user's first request, driven in headless Chromium through the sandbox started as its README says: the stand-in's
/// pages as alice and olga, GitJit's grant page, a session through the gateway, and the revocation at expiry, read back
/// from the access repository's history.
/// </summary>
public sealed partial class SandboxBrowserTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string Duration = "40s";

    [Fact]
    public async Task One_request_from_the_form_to_its_revocation()
    {
        var clock = Stopwatch.StartNew();
        await using var sandbox = SandboxProcess.Start();
        await sandbox.ReadyAsync();
        var started = clock.Elapsed;
        var context = await fixture.Chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var github = sandbox.GitHubUrl;

        // Alice asks for read-only access to orders-db through the form.
        await ActAsAsync(page, github, "alice");
        await page.GotoAsync(new Uri(github, "acme/access/request-access").ToString());
        Assert.Contains("Nothing here reaches github.com", await page.ContentAsync(), StringComparison.Ordinal);
        await page.FillAsync("#resource", "orders-db");
        await page.FillAsync("#role", "read-only");
        await page.FillAsync("#duration", Duration);
        await page.FillAsync("#reason", "Investigate the stuck orders in the sandbox");
        await page.FillAsync("#tables", "public.orders");
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Open pull request" }));
        var pullRequest = new Uri(page.Url);
        Assert.Matches(@"/acme/access/pull/\d+$", pullRequest.AbsolutePath);
        var number = int.Parse(pullRequest.Segments[^1], System.Globalization.CultureInfo.InvariantCulture);

        // GitJit checks it: it needs a code owner's approval, and the plan comment says what would be granted.
        // (The check run and the comment are two calls to GitHub: either may show first.)
        await ReloadUntilAsync(page, "action_required");
        var pending = await ReloadUntilAsync(page, "gitjit[bot]");
        Assert.Contains("public.orders", pending, StringComparison.Ordinal);

        // Olga, an orders DBA, approves: the check turns green.
        await ActAsAsync(page, github, "olga");
        await page.GotoAsync(pullRequest.ToString());
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Approve" }));
        await ReloadUntilAsync(page, "success");

        // Alice merges; GitJit grants and comments the link to the grant's page.
        await ActAsAsync(page, github, "alice");
        await page.GotoAsync(pullRequest.ToString());
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Merge pull request" }));
        var grantPath = $"/grants/acme/access/{number}";
        var merged = await ReloadUntilAsync(page, sandbox.GitJitUrl.ToString().TrimEnd('/') + grantPath);
        var granted = clock.Elapsed;

        // Signed in to GitJit with the stand-in as alice, she reveals a gateway login, and her session goes through the gateway.
        await SubmitAsync(page, page.Locator($"a[href='{sandbox.GitJitUrl.ToString().TrimEnd('/') + grantPath}']").First);
        Assert.Equal(new Uri(sandbox.GitJitUrl, grantPath.TrimStart('/')), new Uri(page.Url));
        Assert.Contains(SandboxCommandNotice, await page.ContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).ClickAsync();
        var uri = new Uri((await page.Locator("#uri").TextContentAsync())!);
        Assert.Equal(("127.0.0.1", sandbox.GatewayPort), (uri.Host, uri.Port));
        var session = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]),
            Password = Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]),
            Database = uri.AbsolutePath.TrimStart('/'),
            SslMode = SslMode.Disable,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(session.ConnectionString);
        await connection.OpenAsync();
        await using (var stuck = new NpgsqlCommand("select count(*) from public.orders where status = 'stuck'", connection))
        {
            Assert.Equal(2L, await stuck.ExecuteScalarAsync());
        }
        await using (var pii = new NpgsqlCommand("select * from public.customers_pii", connection))
        {
            await Assert.ThrowsAsync<PostgresException>(() => pii.ExecuteScalarAsync());
        }

        // At expiry the session is cut and the role revoked; the pull request and the repository's history say so.
        var waited = Stopwatch.StartNew();
        string? revoked = null;
        while (revoked is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(150), "no revocation within 150 s of the grant:\n" + sandbox.Output);
            await Task.Delay(1000);
            var history = AuditHistory.Read(Path.Combine(sandbox.Folder, "access.git"), since: null, "refs/heads/main").Entries;
            if (history.Any(e => e.Record.Event == AuditEvent.Revoked && e.Record.PullRequest == number))
            {
                revoked = string.Join(", ", history.Where(e => e.Record.PullRequest == number).Select(e => e.Record.Event.ToString()).Order(StringComparer.Ordinal));
            }
        }
        var ended = clock.Elapsed;
        Assert.Equal("CredentialsIssued, Granted, Revoked", revoked);
        await using (var after = new NpgsqlCommand("select 1", connection))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => after.ExecuteScalarAsync());
        }
        var conversation = await ReloadUntilAsync(page, "Revoked at", pullRequest);
        Assert.Contains("gitjit[bot]", conversation, StringComparison.Ordinal);

        output.WriteLine($"sandbox ready {started.TotalSeconds:F1} s; form to grant {(granted - started).TotalSeconds:F1} s; grant of {Duration} to revoked record {(ended - granted).TotalSeconds:F1} s; whole {ended.TotalSeconds:F1} s");
        Assert.Contains("#" + number.ToString(System.Globalization.CultureInfo.InvariantCulture), merged, StringComparison.Ordinal);
        await context.CloseAsync();
        Assert.Equal(0, await sandbox.InterruptAsync());
    }

    private const string SandboxCommandNotice = GitJit.Server.Sandbox.SandboxCommand.Notice;

    private static async Task ActAsAsync(IPage page, Uri github, string login)
    {
        await page.GotoAsync(github.ToString());
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Act as " + login, Exact = true }));
        Assert.Contains(login, await page.ContentAsync(), StringComparison.Ordinal);
    }

    /// <summary>Clicks a form's button (or a link) and waits for the page it leads to, so that nothing reloads mid-navigation.</summary>
    private static async Task SubmitAsync(IPage page, ILocator target)
    {
        await page.RunAndWaitForResponseAsync(() => target.ClickAsync(), r => r.Request.IsNavigationRequest && r.Status is >= 200 and < 300);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Reloads the page (or opens <paramref name="at"/>) until it shows <paramref name="text"/>; its content.</summary>
    private static async Task<string> ReloadUntilAsync(IPage page, string text, Uri? at = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (at is not null) await page.GotoAsync(at.ToString());
            else await page.ReloadAsync();
            var content = await page.ContentAsync();
            if (content.Contains(text, StringComparison.Ordinal)) return content;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"'{text}' did not appear within 60 s on {page.Url}:\n{Regex.Replace(content, "<[^>]+>", " ")}");
            await Task.Delay(250);
        }
    }
}
