using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GitJit.Core.Audit;
using GitJit.Gateway.Sessions;
using GitJit.Testing.Browser;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// A grant whose sessions must go through the gateway (the example read-only role, with its statement guardrail), from
/// the requester's page to its revocation, against a real PostgreSQL target and a real git remote: the page shows only
/// the gateway's address and a gateway password, the role's own password reaches only the gateway's login (encrypted),
/// and revocation ends that login for every gateway instance.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class GatewayGrantTests : IClassFixture<ChromiumFixture>, IAsyncLifetime, IDisposable
{
    private readonly Chromium chromium;
    private readonly List<IBrowserContext> contexts = [];
    private readonly LogLines logs = new();
    private readonly int gatewayPort = FreePort();
    private RealGrantWorld real = null!;

    public GatewayGrantTests(ChromiumFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        chromium = fixture.Chromium;
    }

    private ServerUnderTest Server => real.Server;

    /// <summary>The server runs the gateway itself, on loopback, and sends requesters there.</summary>
    public async Task InitializeAsync() => real = await RealGrantWorld.StartAsync(settings =>
    {
        settings["GitJit:PublicUrl"] = "http://gitjit.example.test/";
        settings["GitJit:Gateway:Listen"] = $"127.0.0.1:{gatewayPort}";
        settings["GitJit:Gateway:PublicHost"] = "127.0.0.1";
        settings["GitJit:Gateway:PublicPort"] = $"{gatewayPort}";
        settings["Logging:LogLevel:Default"] = "Trace";
    }, gateway: true, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

    public void Dispose() => logs.Dispose();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
        await real.DisposeAsync();
    }

    [Fact]
    public async Task Reveal_ShowsTheGatewayAndAPasswordOnlyItsVerifierKnows_TheRolesOwnPasswordGoesOnlyToTheGateway_AndRevocationEndsIt()
    {
        var opened = real.World.Open(GitJit.Testing.Requests.AliceReadOnly);
        await real.MergeAsync(opened);
        var pullRequest = opened.Number;
        var page = await SignInAsync("alice", $"/grants/acme/access/{pullRequest}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).ClickAsync();
        var uri = new Uri((await page.Locator("#uri").TextContentAsync())!);
        var html = await page.ContentAsync();

        Assert.Equal(("127.0.0.1", gatewayPort), (uri.Host, uri.Port));
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]);
        real.Secrets.Add("a gateway password", password);
        var access = Assert.Single(await real.AccessAsync());
        Assert.Equal(access.Principal, user);
        Assert.Equal(access.Database, uri.AbsolutePath.TrimStart('/'));

        var login = await Server.Services.GetRequiredService<IGatewayLogins>().FindAsync(user, CancellationToken.None);
        Assert.NotNull(login);
        Assert.Equal(($"acme/access#{pullRequest}", access.ExpiresAt), (login.GrantId, login.ExpiresAt), new ToTheMicrosecond());
        Assert.Equal(["drop", "truncate", "alter", "grant", "revoke", "copy"], login.Guardrails.BlockedStatements!);
        Assert.True(Satisfies(login.Verifier, password), "the shown password does not satisfy the stored verifier");
        Assert.False(Satisfies(login.Verifier, password + "x"));

        // The role's own password logs in upstream; it is neither what the page showed nor anywhere on it.
        Assert.NotEqual(password, login.Upstream.Password);
        Assert.DoesNotContain(login.Upstream.Password, html, StringComparison.Ordinal);
        Assert.Equal(2L, await CountOrdersAsync(login.Upstream));
        Assert.Equal(access.Principal, login.Upstream.User);

        var issued = Assert.Single(real.History, e => e.Record.Event == AuditEvent.CredentialsIssued).Record;
        Assert.Equal((true, 1, "alice"), (issued.ViaGateway, issued.Sequence, issued.By));
        Assert.All(GitObjects(), text =>
        {
            Assert.DoesNotContain(login.Upstream.Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        });

        // Revocation ends the login for every reader before the role goes.
        var grantId = login.GrantId;
        Assert.Empty(await Server.Services.GetRequiredService<IGatewayLogins>().EndedAsync([grantId], CancellationToken.None));
        await real.CommentAsync(opened, "/gitjit revoke", "alice");
        Assert.Contains(real.History, e => e.Record.Event == AuditEvent.Revoked);
        Assert.Equal([grantId], await Server.Services.GetRequiredService<IGatewayLogins>().EndedAsync([grantId], CancellationToken.None));
        Assert.Null(await Server.Services.GetRequiredService<IGatewayLogins>().FindAsync(user, CancellationToken.None));
    }

    [Fact]
    public async Task TheGrantPage_ShowsSessionsLastStatementsAndRefusals_AsText_HoweverHostileTheirNames()
    {
        var opened = real.World.Open(GitJit.Testing.Requests.AliceReadOnly);
        await real.MergeAsync(opened);
        var grantId = $"acme/access#{opened.Number}";
        const string Hostile = "select \"<img src=x onerror=alert(1)>\" from public.orders where id = $1 -- </td></table><script>alert(2)</script>";
        var session = new GatewaySession(Guid.NewGuid(), grantId, "gitjit_alice", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 50555),
            "<b>psql</b>", TimeProvider.System.GetUtcNow(), "gateway-1/1");
        var events = Server.Services.GetRequiredService<GitJit.Server.Gateway.SessionLog>();
        events.Started(session);
        events.Statement(session, new StatementEvent(TimeProvider.System.GetUtcNow(), Hostile, "00000000000000aa", "select", StatementOutcome.Ok, null, 1, TimeSpan.FromMilliseconds(2)));
        events.Statement(session, new StatementEvent(TimeProvider.System.GetUtcNow(), "drop table public.\"<i>orders</i>\"", "00000000000000bb", "drop", StatementOutcome.Refused, "42501",
            null, TimeSpan.FromMilliseconds(1), "blockedStatements", "DROP is blocked for <this> grant"));
        await Server.Services.GetRequiredService<GitJit.Server.Gateway.SessionLog>().FlushAsync(CancellationToken.None);

        var page = await SignInAsync("alice", $"/grants/acme/access/{opened.Number}");

        var sessions = page.Locator("[data-sessions] tbody tr");
        Assert.Equal(1, await sessions.CountAsync());
        var row = await sessions.InnerTextAsync();
        Assert.Contains("127.0.0.1:50555", row, StringComparison.Ordinal);
        Assert.Contains("<b>psql</b>", row, StringComparison.Ordinal);
        Assert.Contains("open", row, StringComparison.Ordinal);
        Assert.Equal([Hostile, "drop table public.\"<i>orders</i>\""], await page.Locator("[data-statements] tbody tr td[data-label='Statement'] code").AllTextContentsAsync());
        var refused = await page.Locator("[data-refused] tbody tr").InnerTextAsync();
        Assert.Contains("blockedStatements", refused, StringComparison.Ordinal);
        Assert.Contains("DROP is blocked for <this> grant", refused, StringComparison.Ordinal);
        // Text, never markup: none of it became an element.
        Assert.Equal(0, await page.Locator("main img, main script, main b, main i").CountAsync());

        // The revocation records what the sessions did.
        await real.CommentAsync(opened, "/gitjit revoke", "alice");
        var report = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Revoked).Record.Sessions;
        Assert.NotNull(report);
        Assert.Equal((2L, 1L), (report.Statements, report.Refused));
        Assert.Equal(new Dictionary<string, long> { ["select"] = 1, ["drop"] = 1 }, Assert.Single(report.Sessions).Kinds);
        Assert.Equal(("blockedStatements", "drop table public.\"<i>orders</i>\""), (Assert.Single(report.RefusedAttempts).Guardrail, report.RefusedAttempts[0].Text));
    }

    [Fact]
    public async Task TheRequester_WorksThroughTheGateway_RefusalsAreToldAndShown_RevocationCutsTheSession_AndNoValueReachesAnyLogRecordOrComment()
    {
        const string Literal = "gitjit-unique-literal-4f7c2a";
        var opened = real.World.Open(GitJit.Testing.Requests.AliceReadOnly);
        await real.MergeAsync(opened);
        var page = await SignInAsync("alice", $"/grants/acme/access/{opened.Number}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).ClickAsync();
        var uri = new Uri((await page.Locator("#uri").TextContentAsync())!);
        real.Secrets.Add("a gateway password", Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]));

        // Exactly what the page gave: host, port, user, password, database.
        await using var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]),
            Password = Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]),
            Database = uri.AbsolutePath.TrimStart('/'),
            Pooling = false,
            ApplicationName = "gateway-flow-test",
        }.ConnectionString);
        await session.OpenAsync();

        // The same user and password straight to PostgreSQL get nowhere: the gateway password is not the role's.
        var target = new NpgsqlConnectionStringBuilder(real.Target);
        await using (var direct = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(session.ConnectionString)
        {
            Host = target.Host,
            Port = target.Port,
            Password = Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]),
        }.ConnectionString))
        {
            Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(() => direct.OpenAsync())).SqlState);
        }

        await using (var allowed = new NpgsqlCommand($"select count(*) from public.orders where status <> '{Literal}'", session))
        {
            Assert.Equal(2L, (long)(await allowed.ExecuteScalarAsync())!);
        }
        foreach (var (sql, guardrail) in new[]
        {
            ($"drop table public.orders /* {Literal} */", "blockedStatements"),
            ($"select * from public.customers_pii where name = '{Literal}'", "deniedTables"),
            ($"update public.orders set status = '{Literal}' where id = 1", "readOnly"),
            ("set statement_timeout = 0", "statementTimeout"),
        })
        {
            await using var refused = new NpgsqlCommand(sql, session);
            var error = await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteNonQueryAsync());
            Assert.Equal("42501", error.SqlState);
            Assert.Contains(guardrail, error.MessageText, StringComparison.Ordinal);
            Assert.Contains($"acme/access#{opened.Number}", error.MessageText, StringComparison.Ordinal);
        }
        await using (var after = new NpgsqlCommand("select status from public.orders where id = 1", session))
        {
            Assert.Equal("stuck", await after.ExecuteScalarAsync());
        }

        // Told at once on the pull request; shown on the grant page.
        await UntilAsync(() => real.World.Repository.Comments(opened.Number).Any(c => c.Body.Contains("The gateway refused", StringComparison.Ordinal)));
        await Server.Services.GetRequiredService<GitJit.Server.Gateway.SessionLog>().FlushAsync(CancellationToken.None);
        await page.GotoAsync(new Uri(Server.Address, $"/grants/acme/access/{opened.Number}").ToString());
        var refusedRows = await page.Locator("[data-refused] tbody tr").AllInnerTextsAsync();
        Assert.Equal(4, refusedRows.Count);
        Assert.Contains(refusedRows, r => r.Contains("deniedTables", StringComparison.Ordinal) && r.Contains("public.customers_pii", StringComparison.Ordinal));
        // And on the list of active grants, live: what the sessions sent, the refusals first to the eye.
        await page.GotoAsync(new Uri(Server.Address, "/grants").ToString());
        var row = page.Locator($"tr[data-grant='acme/access#{opened.Number}']");
        Assert.Equal("4 refused", await row.Locator("[data-refused-count]").InnerTextAsync());
        Assert.True(long.Parse(await row.Locator("[data-statement-count]").InnerTextAsync(), CultureInfo.InvariantCulture) >= 6);

        // Revocation cuts the open session, with 57P01 saying why.
        await real.CommentAsync(opened, "/gitjit revoke", "alice");
        await using (var cut = new NpgsqlCommand("select 1", session))
        {
            var ended = await Assert.ThrowsAnyAsync<NpgsqlException>(() => cut.ExecuteScalarAsync());
            if (ended is PostgresException fatal) Assert.Equal("57P01", fatal.SqlState);
        }
        Assert.Equal(System.Data.ConnectionState.Closed, session.State);

        var report = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Revoked).Record.Sessions;
        Assert.NotNull(report);
        Assert.Equal(4L, report.Refused);
        Assert.Equal("gateway-flow-test", Assert.Single(report.Sessions).ApplicationName);

        // No value of any statement reached a git object, a comment, the page or a log line.
        Assert.All(GitObjects(), text => Assert.DoesNotContain(Literal, text, StringComparison.Ordinal));
        Assert.All(real.World.Repository.Comments(opened.Number), c => Assert.DoesNotContain(Literal, c.Body, StringComparison.Ordinal));
        Assert.DoesNotContain(Literal, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(logs.All);
        Assert.All(logs.All, line => Assert.DoesNotContain(Literal, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGrantRecordRewrittenInGit_ToTurnTheGatewayOff_RevealsNothing()
    {
        var opened = real.World.Open(GitJit.Testing.Requests.AliceReadOnly);
        await real.MergeAsync(opened);
        // Someone with push access rewrites the record so that the grant would not need the gateway: the direct password.
        var work = Path.Combine(real.Folder, "tamper");
        Repository.Clone(real.Remote, work, new CloneOptions { BranchName = "main" });
        using (var clone = new Repository(work))
        {
            var path = Path.Combine(work, "audit", opened.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "granted.json");
            var text = await File.ReadAllTextAsync(path);
            Assert.Contains("\"gateway\": true", text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(path, text.Replace("\"gateway\": true", "\"gateway\": false", StringComparison.Ordinal));
            Commands.Stage(clone, "*");
            var someone = new Signature("mallory", "mallory@example.test", TimeProvider.System.GetUtcNow());
            clone.Commit("Fix the record", someone, someone);
            clone.Network.Push(clone.Branches["main"]);
        }

        var page = await SignInAsync("alice", $"/grants/acme/access/{opened.Number}");
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Reveal credentials" }).ClickAsync(),
            response => response.Url.EndsWith("/reveal", StringComparison.Ordinal));
        Assert.Equal(409, answer.Status);
        Assert.Contains("no longer has the guardrails it was granted with", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.CredentialsIssued);
        Assert.Contains(logs.All, line => line.Contains("[1074]", StringComparison.Ordinal));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20), "the condition did not come true in time");
            await Task.Delay(50);
        }
    }

    /// <summary>What a SCRAM server checks of a client's proof: the password's ClientKey hashes to StoredKey, and its ServerKey matches.</summary>
    private static bool Satisfies(ScramVerifier verifier, string password)
    {
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), verifier.Salt, verifier.Iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        return SHA256.HashData(clientKey).AsSpan().SequenceEqual(verifier.StoredKey)
            && HMACSHA256.HashData(salted, "Server Key"u8).AsSpan().SequenceEqual(verifier.ServerKey);
    }

    private static async Task<long> CountOrdersAsync(UpstreamServer upstream)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = upstream.Host,
            Port = upstream.Port,
            Database = upstream.Database,
            Username = upstream.User,
            Password = upstream.Password,
            Pooling = false,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from public.orders", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Every commit message and every blob on the remote's main branch.</summary>
    private IEnumerable<string> GitObjects()
    {
        using var git = new Repository(real.Remote);
        return [.. git.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = "refs/heads/main" })
            .SelectMany(c => new[] { c.Message }.Concat(Files(c.Tree)))];
    }

    private static IEnumerable<string> Files(Tree tree) =>
        tree.SelectMany(entry => entry.TargetType == TreeEntryTargetType.Tree ? Files((Tree)entry.Target) : [((Blob)entry.Target).GetContentText()]);

    /// <summary>Opens <paramref name="path"/> in a fresh browser, signs in on the fake GitHub as <paramref name="login"/>, and lands back on the page.</summary>
    private async Task<IPage> SignInAsync(string login, string path, int expectStatus = 200)
    {
        var context = await chromium.NewContextAsync();
        contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Server.Address, path).ToString());
        await page.GetByLabel("Username or email address").FillAsync(login);
        var landed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            response => response.Url == new Uri(Server.Address, path).ToString());
        Assert.Equal(expectStatus, landed.Status);
        return page;
    }

    /// <summary>PostgreSQL keeps times to the microsecond.</summary>
    private sealed class ToTheMicrosecond : IEqualityComparer<(string, DateTimeOffset)>
    {
        public bool Equals((string, DateTimeOffset) x, (string, DateTimeOffset) y) => x.Item1 == y.Item1 && Math.Abs((x.Item2 - y.Item2).Ticks) < 10;

        public int GetHashCode((string, DateTimeOffset) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }
}
