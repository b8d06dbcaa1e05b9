using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Grants;
using GitJit.Server;
using GitJit.Server.Grants;
using GitJit.Server.Intake;
using GitJit.Testing;
using GitJit.Testing.FakeGitHub;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>grants</c>: the real server (PostgreSQL job storage, the PostgreSQL provider on a real target, the audit trail
/// pushed to a bare git repository) driven by signed merge webhooks from the fake GitHub. Measures merge → role usable
/// (p50, p99), revocation lateness over grants with staggered expiries (p50, p99, max; lateness is the revoked
/// record's time, taken after the role is gone, minus the expiry), and a burst of grants expiring in the same minute:
/// how long until every one is revoked and recorded, in how many commits and pushes.
/// </summary>
internal static class GrantsCommand
{
    private const string Secret = "grants benchmark secret";
    private const long Installation = 7;

    public static Command Create()
    {
        var usable = new Option<int>("--usable") { Description = "Merges timed until the role is usable.", DefaultValueFactory = _ => 50 };
        var staggered = new Option<int>("--staggered") { Description = "Grants with staggered expiries, for revocation lateness.", DefaultValueFactory = _ => 200 };
        var burst = new Option<int>("--burst") { Description = "Grants expiring in the same minute.", DefaultValueFactory = _ => 1000 };
        var pages = new Option<int>("--pages") { Description = "Requests timed per page (grant page, list, reveal), with 50 active grants.", DefaultValueFactory = _ => 200 };
        var command = new Command("grants", "Measure merge → usable, revocation lateness, a burst of expiries, and the pages.") { usable, staggered, burst, pages };
        command.SetAction((result, _) => RunAsync(result.GetValue(usable), result.GetValue(staggered), result.GetValue(burst), result.GetValue(pages)));
        return command;
    }

    private static async Task<int> RunAsync(int usable, int staggered, int burst, int pages)
    {
        await using var bench = await Bench.StartAsync();
        if (pages > 0) await PagesAsync(bench, pages);
        if (usable > 0)
        {
            // The first merge pays for start-up (JIT, connection pools, the audit mirror's first fetch): reported apart.
            var cold = await bench.MergeUntilUsableAsync(TimeSpan.FromHours(1));
            Console.WriteLine(Invariant($"merge → usable, first merge after start: {cold:F0} ms"));
            var times = new List<double>();
            for (var i = 0; i < usable; i++) times.Add(await bench.MergeUntilUsableAsync(TimeSpan.FromHours(1)));
            times.Sort();
            Console.WriteLine(Invariant($"merge → usable, {usable} merges one after another: p50 {Percentile(times, 0.5):F0} ms, p99 {Percentile(times, 0.99):F0} ms, max {times[^1]:F0} ms"));
        }
        if (staggered > 0)
        {
            // Expiries spread over about a minute, from 20 s after each merge.
            var numbers = new List<int>();
            await Parallel.ForEachAsync(Enumerable.Range(0, staggered), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var number = await bench.MergeAsync(TimeSpan.FromSeconds(20 + (i * 60 / Math.Max(1, staggered))));
                lock (numbers) numbers.Add(number);
            });
            var lateness = await bench.RevokedLatenessAsync(numbers, TimeSpan.FromMinutes(5));
            Console.WriteLine(Invariant($"revocation lateness, {staggered} grants with staggered expiries: p50 {Percentile(lateness, 0.5):F0} ms, p99 {Percentile(lateness, 0.99):F0} ms, max {lateness[^1]:F0} ms"));
        }
        if (burst > 0)
        {
            // Grants made through the grant workflow itself (provider, schedule, record, comment) — not through merge
            // webhooks, whose decision would spread the grant times — so that every expiry falls in one minute that
            // starts once all of them can have been provisioned.
            var clock = Stopwatch.StartNew();
            var minute = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(60, burst / 8));
            var numbers = new List<int>();
            var pushesBefore = bench.Pushes;
            await Parallel.ForEachAsync(Enumerable.Range(0, burst), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var number = await bench.GrantAsync(minute + TimeSpan.FromSeconds(i * 59.0 / burst));
                lock (numbers) numbers.Add(number);
            });
            Console.WriteLine(Invariant($"burst: {burst} grants provisioned, recorded and announced in {clock.Elapsed.TotalSeconds:F0} s ({burst / clock.Elapsed.TotalSeconds:F1}/s, {bench.Pushes - pushesBefore} pushes)"));
            pushesBefore = bench.Pushes;
            var lateness = await bench.RevokedLatenessAsync(numbers, TimeSpan.FromMinutes(10));
            var (first, last, lastRevoked, commits) = bench.BurstSummary(numbers);
            Console.WriteLine(Invariant(
                $"burst: expiries from {first:HH:mm:ss.f} to {last:HH:mm:ss.f}; the last revocation recorded {(lastRevoked - last).TotalSeconds:F1} s after the last expiry; lateness p50 {Percentile(lateness, 0.5):F0} ms, p99 {Percentile(lateness, 0.99):F0} ms, max {lateness[^1]:F0} ms; {commits} revocation commits in {bench.Pushes - pushesBefore} pushes"));
        }
        return 0;
    }

    /// <summary>
    /// The pages as a signed-in requester sees them, over plain HTTP on loopback: the grant page, the list of 50 active
    /// grants (served from the snapshot, and read afresh from git and the target), and a reveal (new password + audit
    /// commit pushed to the bare remote).
    /// </summary>
    private static async Task PagesAsync(Bench bench, int count)
    {
        var numbers = new List<int>();
        for (var i = 0; i < 50; i++) numbers.Add(await bench.GrantAsync(TimeProvider.System.GetUtcNow() + TimeSpan.FromHours(1)));
        using var http = await bench.SignInAsync("alice");
        var grantPage = $"/grants/acme/access/{numbers[0]}";
        var html = await http.GetStringAsync(grantPage);
        var token = System.Text.RegularExpressions.Regex.Match(html, "action=\"[^\"]*/reveal\"><input type=\"hidden\" name=\"__gitjit_csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        await http.GetStringAsync("/grants");

        async Task<List<double>> TimeAsync(Func<Task<HttpResponseMessage>> send)
        {
            var times = new List<double>();
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send();
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            return times;
        }
        void Report(string what, List<double> times) =>
            Console.WriteLine(Invariant($"pages: {what}, {times.Count} requests: p50 {Percentile(times, 0.5):F1} ms, p99 {Percentile(times, 0.99):F1} ms, max {times[^1]:F1} ms"));

        Report("grant page (reads the pull request's records from git)", await TimeAsync(() => http.GetAsync(grantPage)));
        Report("list of 50 grants (snapshot, at most 2 s old)", await TimeAsync(() => http.GetAsync("/grants")));
        Report("list of 50 grants read afresh (git, roles, sessions)", await TimeAsync(() =>
        {
            bench.Services.GetRequiredService<GitJit.Server.Pages.GrantDirectory>().Invalidate();
            return http.GetAsync("/grants");
        }));
        Report("reveal (new password, audit commit pushed)", await TimeAsync(() =>
            http.PostAsync(grantPage + "/reveal", new FormUrlEncodedContent([new("__gitjit_csrf", token)]))));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The fake GitHub, a PostgreSQL target and job storage, a bare remote, and the server, all on this machine.</summary>
    private sealed class Bench : IAsyncDisposable
    {
        private readonly TemporaryDirectory folder;
        private readonly FakeGitHubServer github;
        private readonly FakeRepository repository;
        private readonly string baseSha;
        private readonly Microsoft.AspNetCore.Builder.WebApplication app;
        private readonly Uri webhooks;
        private readonly string target;
        private readonly string remote;
        private readonly JsonNode closedTemplate;
        private readonly Lock gate = new();

        private Bench(TemporaryDirectory folder, FakeGitHubServer github, FakeRepository repository, string baseSha, Microsoft.AspNetCore.Builder.WebApplication app, Uri webhooks, string target, string remote)
        {
            this.folder = folder;
            this.github = github;
            this.repository = repository;
            this.baseSha = baseSha;
            this.app = app;
            this.webhooks = webhooks;
            this.target = target;
            this.remote = remote;
            closedTemplate = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", "pull_request.closed.json")))!;
        }

        public long Pushes => ((GitAuditTrail)app.Services.GetRequiredService<IAuditTrail>()).Pushes;

        private IAccessProvider Provider => app.Services.GetRequiredService<AccessProviders>().For("postgres");

        public static async Task<Bench> StartAsync()
        {
            var folder = new TemporaryDirectory();
            var target = await TestPostgres.CreateDatabaseAsync();
            var storage = await TestPostgres.CreateDatabaseAsync();
            await using (var admin = NpgsqlDataSource.Create(target))
            await using (var setup = admin.CreateCommand("create table public.orders (id int primary key, status text); insert into public.orders values (1, 'stuck'); create table public.customers_pii (name text);"))
            {
                await setup.ExecuteNonQueryAsync();
            }

            var github = await FakeGitHubServer.StartAsync();
            var gitHubApp = github.RegisterApp(101);
            gitHubApp.AddInstallation(Installation, "acme");
            github.AddTeam("acme", "engineering", "alice");
            github.AddTeam("acme", "support-leads");
            github.AddTeam("acme", "orders-dba", "olga");
            var repository = github.AddRepository("acme", "access");
            var remote = Path.Combine(folder.Path, "access.git");
            LibGit2Sharp.Repository.Init(remote, isBare: true);
            repository.CloneUrl = remote;
            var database = new NpgsqlConnectionStringBuilder(target).Database!;
            var tree = new FakeTree();
            foreach (var (path, content) in ProjectFiles.ExampleFiles())
            {
                tree.With(path, path == "policies/orders-db.yaml" ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("database: orders", $"database: {database}", StringComparison.Ordinal)) : content);
            }
            var baseSha = repository.Commit(tree);

            var app = GitJitApp.Build([], builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Logging:LogLevel:Default"] = "Warning",
                    ["GitJit:GitHub:AppId"] = "101",
                    ["GitJit:GitHub:PrivateKey"] = gitHubApp.PrivateKeyPem,
                    ["GitJit:GitHub:WebhookSecret"] = Secret,
                    ["GitJit:GitHub:ApiUrl"] = github.ApiUrl.ToString(),
                    ["GitJit:DataDirectory"] = Path.Combine(folder.Path, "data"),
                    ["ConnectionStrings:GitJit"] = storage,
                    ["ConnectionStrings:ORDERS_DB"] = target,
                    ["GitJit:GitHub:ClientId"] = gitHubApp.ClientId,
                    ["GitJit:GitHub:ClientSecret"] = gitHubApp.ClientSecret,
                    ["GitJit:GitHub:WebUrl"] = github.WebUrl.ToString(),
                    ["GitJit:Web:ActionsPerMinute"] = "1000000",
                });
            });
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return new Bench(folder, github, repository, baseSha, app, new Uri(address, WebhookEndpoint.Path), target, remote);
        }

        public IServiceProvider Services => app.Services;

        /// <summary>An HTTP client signed in as <paramref name="login"/> through the real OAuth flow (the fake GitHub signs them in at once).</summary>
        public async Task<HttpClient> SignInAsync(string login)
        {
            github.SignedInAs = login;
            var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = new Uri(webhooks, "/") };
            using var landed = await http.GetAsync("/grants");
            landed.EnsureSuccessStatusCode();
            return http;
        }

        /// <summary>Opens, approves and merges a request for <paramref name="duration"/>, and delivers the merge; its pull-request number.</summary>
        public async Task<int> MergeAsync(TimeSpan duration)
        {
            FakePullRequest pullRequest;
            string payload;
            lock (gate)
            {
                var path = $"access-requests/orders-db/alice-{Guid.NewGuid():N}.yaml";
                var request = $"requester: alice\nresource: orders-db\nrole: read-only\nduration: {(long)duration.TotalSeconds}s\nreason: Benchmark the grant lifecycle\nguardrails:\n  tables: [public.orders]\n";
                var head = repository.Commit(repository.TreeAt(baseSha).Clone().With(path, request), baseSha);
                pullRequest = repository.OpenPullRequest("alice", baseSha, head);
                pullRequest.AddReview("olga", "APPROVED");
                pullRequest.Merge(repository.Commit(repository.TreeAt(head), baseSha));
                var json = closedTemplate.DeepClone();
                json["number"] = pullRequest.Number;
                json["pull_request"]!["number"] = pullRequest.Number;
                json["pull_request"]!["merged"] = true;
                json["pull_request"]!["merge_commit_sha"] = pullRequest.MergeCommitSha;
                json["pull_request"]!["head"]!["sha"] = pullRequest.HeadSha;
                json["repository"]!["name"] = repository.Name;
                json["repository"]!["full_name"] = repository.FullName;
                json["repository"]!["owner"]!["login"] = repository.Owner;
                json["installation"]!["id"] = Installation;
                payload = json.ToJsonString();
            }
            using var response = await github.SendWebhookAsync(webhooks, "pull_request", payload, Secret);
            response.EnsureSuccessStatusCode();
            return pullRequest.Number;
        }

        /// <summary>A grant expiring at <paramref name="expiresAt"/>, handed straight to the grant workflow for a new (fake) pull request.</summary>
        public async Task<int> GrantAsync(DateTimeOffset expiresAt)
        {
            FakePullRequest pullRequest;
            lock (gate)
            {
                var path = $"access-requests/orders-db/alice-{Guid.NewGuid():N}.yaml";
                var head = repository.Commit(repository.TreeAt(baseSha).Clone().With(path, "requester: alice\n"), baseSha);
                pullRequest = repository.OpenPullRequest("alice", baseSha, head);
                pullRequest.Merge(repository.Commit(repository.TreeAt(head), baseSha));
            }
            var database = new NpgsqlConnectionStringBuilder(target).Database;
            var guardrails = new Guardrails { Privileges = ["select"], Tables = ["public.orders"], ReadOnly = true, MaxConnections = 2 };
            var plan = new AccessPlan($"access-requests/orders-db/alice-{pullRequest.Number}.yaml", "alice", "orders-db", "read-only", "postgres",
                new PolicyTarget("ORDERS_DB", database), expiresAt - TimeProvider.System.GetUtcNow(), "Benchmark a burst of expiries", null, guardrails, [],
                new ApprovalTally(1, [new CountedApproval("olga", 1, pullRequest.HeadSha)], []));
            var source = new MergeSource(Installation, repository.FullName, pullRequest.Number, $"{github.WebUrl}{repository.FullName}/pull/{pullRequest.Number}",
                pullRequest.MergeCommitSha!, remote, "main");
            await app.Services.GetRequiredService<IGrantProvisioning>().GrantAsync(new GrantOrder(source, plan), CancellationToken.None);
            return pullRequest.Number;
        }

        /// <summary>Milliseconds from sending the merge to a successful query as the granted role, with freshly issued credentials.</summary>
        public async Task<double> MergeUntilUsableAsync(TimeSpan duration)
        {
            var started = Stopwatch.GetTimestamp();
            var number = await MergeAsync(duration);
            var grant = $"acme/access#{number}";
            while (true)
            {
                var access = (await Provider.ListAsync(CancellationToken.None)).FirstOrDefault(a => a.GrantId == grant);
                if (access is not null)
                {
                    var credentials = await Provider.IssueCredentialsAsync(access, CancellationToken.None);
                    var login = new NpgsqlConnectionStringBuilder(target) { Username = credentials.User, Password = credentials.Secret, Pooling = false }.ConnectionString;
                    await using var connection = new NpgsqlConnection(login);
                    await connection.OpenAsync();
                    await using var select = new NpgsqlCommand("select count(*) from public.orders", connection);
                    await select.ExecuteScalarAsync();
                    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                await Task.Delay(5);
            }
        }

        /// <summary>Waits for a revoked record for every pull request; each one's lateness (revoked − expires), sorted, in ms.</summary>
        public async Task<List<double>> RevokedLatenessAsync(List<int> numbers, TimeSpan timeout)
        {
            var waited = Stopwatch.StartNew();
            var wanted = numbers.ToHashSet();
            while (true)
            {
                var revoked = Records(AuditEvent.Revoked).Where(r => wanted.Contains(r.PullRequest!.Value)).ToList();
                if (revoked.Count == numbers.Count)
                {
                    var lateness = revoked.Select(r => (r.RevokedAt!.Value - r.ExpiresAt!.Value).TotalMilliseconds).ToList();
                    lateness.Sort();
                    return lateness;
                }
                if (waited.Elapsed > timeout) throw new TimeoutException($"{revoked.Count} of {numbers.Count} revocations recorded after {timeout}");
                await Task.Delay(1000);
            }
        }

        public (DateTimeOffset FirstExpiry, DateTimeOffset LastExpiry, DateTimeOffset LastRevoked, int Commits) BurstSummary(List<int> numbers)
        {
            var wanted = numbers.ToHashSet();
            var revoked = Records(AuditEvent.Revoked).Where(r => wanted.Contains(r.PullRequest!.Value)).ToList();
            return (revoked.Min(r => r.ExpiresAt!.Value), revoked.Max(r => r.ExpiresAt!.Value), revoked.Max(r => r.At), revoked.Count);
        }

        private IEnumerable<AuditRecord> Records(AuditEvent kind) =>
            AuditHistory.Read(remote, since: null, "refs/heads/main").Entries.Select(e => e.Record).Where(r => r.Event == kind);

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await github.DisposeAsync();
            folder.Dispose();
        }
    }
}
