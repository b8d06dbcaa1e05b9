using System.Diagnostics;
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
using GitJit.Sandbox.GitHub;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GitJit.Benchmarks;

/// <summary>The fake GitHub, a PostgreSQL target and job storage, a bare remote, and the server, all on this machine.</summary>
internal sealed class ServerBench : IAsyncDisposable
{
    private const string Secret = "grants benchmark secret";
    private const long Installation = 7;

    private readonly TemporaryDirectory folder;
    private readonly FakeGitHubServer github;
    private readonly FakeRepository repository;
    private readonly string baseSha;
    private readonly Microsoft.AspNetCore.Builder.WebApplication app;
    private readonly IReadOnlyList<Microsoft.AspNetCore.Builder.WebApplication> apps;
    private readonly Uri webhooks;
    private readonly IReadOnlyList<Uri> allWebhooks;
    private readonly string target;
    private readonly string remote;
    private readonly JsonNode closedTemplate;
    private readonly Lock gate = new();

    private ServerBench(TemporaryDirectory folder, FakeGitHubServer github, FakeRepository repository, string baseSha,
        IReadOnlyList<(Microsoft.AspNetCore.Builder.WebApplication App, Uri Webhooks)> instances, string target, string remote)
    {
        this.folder = folder;
        this.github = github;
        this.repository = repository;
        this.baseSha = baseSha;
        apps = [.. instances.Select(i => i.App)];
        allWebhooks = [.. instances.Select(i => i.Webhooks)];
        app = apps[0];
        webhooks = allWebhooks[0];
        this.target = target;
        this.remote = remote;
        closedTemplate = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", "pull_request.closed.json")))!;
    }

    public long Pushes => ((GitAuditTrail)app.Services.GetRequiredService<IAuditTrail>()).Pushes;

    private IAccessProvider Provider => app.Services.GetRequiredService<AccessProviders>().For("postgres");

    /// <summary>Starts it with <paramref name="instances"/> servers sharing the job storage (each with its own data directory, as on its own machine).</summary>
    public static async Task<ServerBench> StartAsync(int instances = 1)
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

        var started = new List<(Microsoft.AspNetCore.Builder.WebApplication, Uri)>();
        for (var instance = 0; instance < instances; instance++)
        {
            var app = await StartInstanceAsync(instance, gitHubApp, github, folder, storage, target);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            started.Add((app, new Uri(address, WebhookEndpoint.Path)));
        }
        return new ServerBench(folder, github, repository, baseSha, started, target, remote);
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartInstanceAsync(int instance, FakeApp gitHubApp, FakeGitHubServer github, TemporaryDirectory folder,
        string storage, string target)
    {
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
                ["GitJit:DataDirectory"] = Path.Combine(folder.Path, instance == 0 ? "data" : $"data-{instance + 1}"),
                ["ConnectionStrings:GitJit"] = storage,
                ["ConnectionStrings:ORDERS_DB"] = target,
                ["GitJit:GitHub:ClientId"] = gitHubApp.ClientId,
                ["GitJit:GitHub:ClientSecret"] = gitHubApp.ClientSecret,
                ["GitJit:GitHub:WebUrl"] = github.WebUrl.ToString(),
                ["GitJit:Web:ActionsPerMinute"] = "1000",
            });
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>The GitHub the servers talk to.</summary>
    public FakeGitHubServer GitHub => github;

    /// <summary>The access repository on the fake GitHub.</summary>
    public FakeRepository Repository => repository;

    /// <summary>Every instance's webhook endpoint.</summary>
    public IReadOnlyList<Uri> Webhooks => allWebhooks;

    /// <summary>The access the PostgreSQL provider holds.</summary>
    public Task<IReadOnlyList<ManagedAccess>> AccessAsync() => Provider.ListAsync(CancellationToken.None);

    /// <summary>Every record on the remote's main branch.</summary>
    public IReadOnlyList<AuditRecord> History() => [.. AuditHistory.Read(remote, since: null, "refs/heads/main").Entries.Select(e => e.Record)];

    /// <summary>
    /// A new pull request adding one of alice's requests for <paramref name="duration"/>, approved by olga, and merged
    /// when <paramref name="merged"/>; with the delivery GitHub would send for it (opened, or closed when merged).
    /// </summary>
    public (FakePullRequest PullRequest, string Payload) PullRequest(TimeSpan duration, bool merged)
    {
        lock (gate)
        {
            var path = $"access-requests/orders-db/alice-{Guid.NewGuid():N}.yaml";
            var request = $"requester: alice\nresource: orders-db\nrole: read-only\nduration: {(long)duration.TotalSeconds}s\nreason: Benchmark the grant lifecycle\nguardrails:\n  tables: [public.orders]\n";
            var head = repository.Commit(repository.TreeAt(baseSha).Clone().With(path, request), baseSha);
            var pullRequest = repository.OpenPullRequest("alice", baseSha, head);
            pullRequest.AddReview("olga", "APPROVED");
            if (merged) pullRequest.Merge(repository.Commit(repository.TreeAt(head), baseSha));
            var json = closedTemplate.DeepClone();
            json["action"] = merged ? "closed" : "opened";
            json["number"] = pullRequest.Number;
            json["pull_request"]!["number"] = pullRequest.Number;
            json["pull_request"]!["merged"] = merged;
            json["pull_request"]!["state"] = merged ? "closed" : "open";
            json["pull_request"]!["merge_commit_sha"] = pullRequest.MergeCommitSha;
            json["pull_request"]!["head"]!["sha"] = pullRequest.HeadSha;
            json["repository"]!["name"] = repository.Name;
            json["repository"]!["full_name"] = repository.FullName;
            json["repository"]!["owner"]!["login"] = repository.Owner;
            json["installation"]!["id"] = Installation;
            return (pullRequest, json.ToJsonString());
        }
    }

    /// <summary>Delivers <paramref name="payload"/> (a pull_request event) to <paramref name="endpoint"/>, with <paramref name="deliveryId"/>.</summary>
    public async Task DeliverAsync(Uri endpoint, string payload, string deliveryId)
    {
        using var response = await github.SendWebhookAsync(endpoint, "pull_request", payload, Secret, deliveryId);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until every instance's inbox is empty and no job is queued or running on the shared storage, twice in a row.</summary>
    public async Task JobsDoneAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        for (var atRest = 0; atRest < 2; atRest = Busy() ? 0 : atRest + 1)
        {
            if (waited.Elapsed > timeout) throw new TimeoutException($"jobs still running after {timeout}");
            await Task.Delay(200);
        }

        // A job failed and waiting for its retry is not done either; revocations scheduled at expiry are.
        bool Busy() => apps.Any(a => a.Services.GetRequiredService<IWebhookInbox>().Pending > 0)
            || Monitoring.GetStatistics() is { Enqueued: > 0 } or { Processing: > 0 }
            || Monitoring.ScheduledJobs(0, int.MaxValue).Any(j => j.Value.Job?.Type != typeof(RevokeJob));
    }

    /// <summary>Jobs that succeeded only after a retry (Hangfire's automatic retry after a failure).</summary>
    public int RetriedJobs() => Monitoring.SucceededJobs(0, int.MaxValue)
        .Count(j => Monitoring.JobDetails(j.Key)?.History.Any(h => h.Reason?.StartsWith("Retry attempt", StringComparison.Ordinal) == true) == true);

    private Hangfire.Storage.IMonitoringApi Monitoring => app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();

    /// <summary>Failed jobs on the shared storage.</summary>
    public long FailedJobs => app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().FailedCount();

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
        var (pullRequest, payload) = PullRequest(duration, merged: true);
        await DeliverAsync(webhooks, payload, Guid.NewGuid().ToString());
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
        foreach (var instance in apps)
        {
            await instance.StopAsync();
            await instance.DisposeAsync();
        }
        await github.DisposeAsync();
        folder.Dispose();
    }
}
