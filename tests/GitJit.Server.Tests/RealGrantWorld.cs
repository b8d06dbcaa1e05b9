using System.Net;
using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// A <see cref="FlowWorld"/> whose grants are real: a PostgreSQL target database (<c>public.orders</c> with two rows,
/// <c>public.customers_pii</c>) that the example policy points at, a bare git repository as the access repository's
/// remote, and the server. Disposing it revokes whatever access its grants still hold (roles are cluster-wide, and
/// grant ids repeat from test to test).
/// </summary>
internal sealed class RealGrantWorld : IAsyncDisposable
{
    private readonly TemporaryDirectory folder;
    private readonly List<ServerUnderTest> instances = [];
    private Dictionary<string, string?> settings = [];
    private Action<IServiceCollection> configure = _ => { };

    private RealGrantWorld(TemporaryDirectory folder, FlowWorld world, ServerUnderTest server, string target, string remote, SecretScan secrets, LogLines logs)
    {
        this.folder = folder;
        Secrets = secrets;
        Logs = logs;
        World = world;
        Server = server;
        Target = target;
        Remote = remote;
    }

    public FlowWorld World { get; }

    public ServerUnderTest Server { get; }

    /// <summary>The target database's admin connection string (the server's <c>ConnectionStrings:ORDERS_DB</c>).</summary>
    public string Target { get; }

    /// <summary>The bare repository the audit trail is pushed to.</summary>
    public string Remote { get; }

    public string Folder => folder.Path;

    /// <summary>
    /// Every secret this world configured or minted — the App's key, the webhook and client secrets, the database
    /// passwords, each token, code and session the fake GitHub handed out, each password a provider issued — and where
    /// to look for them: every log line the server wrote (all levels), every body sent to GitHub, every file and git
    /// object in the world's folder (the remote, the server's data), GitJit's own database. Disposing the world asserts
    /// that none is found anywhere. A test that is handed another secret (a gateway password, say) adds it.
    /// </summary>
    public SecretScan Secrets { get; }

    /// <summary>Every line the server logged, at every level for GitJit's own categories.</summary>
    public LogLines Logs { get; }

    /// <summary>Every record on the remote's main branch, as auditors read them.</summary>
    public IReadOnlyList<AuditEntry> History => AuditHistory.Read(Remote, since: null, "refs/heads/main").Entries;

    /// <summary>The example read-only role's statement guardrail, which sends its sessions through the gateway.</summary>
    public const string BlockedStatements = "      blockedStatements: [drop, truncate, alter, grant, revoke, copy]\n";

    /// <summary>A policy change (for <c>StartAsync</c>'s <c>policy</c>) that lets the example read-only role be extended in place.</summary>
    public static readonly (string Old, string New) Extendable = ("    approvals: 1\n", "    approvals: 1\n    extendWithoutApproval: true\n");

    /// <param name="adjust">Changes to the server's settings before it starts.</param>
    /// <param name="gateway">
    /// Whether the read-only role keeps its statement guardrail, so its credentials are a gateway login; by default it
    /// is taken out, and requesters get the role's own password (the direct path, which these tests connect with).
    /// </param>
    /// <param name="services">Changes to the server's services (a log capture, say).</param>
    /// <param name="policy">Changes to the example orders-db policy (old text, new text) before it becomes the base commit.</param>
    public static async Task<RealGrantWorld> StartAsync(Action<Dictionary<string, string?>>? adjust = null, bool gateway = false, Action<IServiceCollection>? services = null,
        IReadOnlyList<(string Old, string New)>? policy = null)
    {
        var target = await TestPostgres.CreateDatabaseAsync();
        await using (var admin = NpgsqlDataSource.Create(target))
        await using (var setup = admin.CreateCommand("""
            create table public.orders (id int primary key, status text);
            insert into public.orders values (1, 'stuck'), (2, 'shipped');
            create table public.customers_pii (name text);
            insert into public.customers_pii values ('Ada');
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(target).Database!;
        var world = await FlowWorld.CreateAsync([
            ("policies/orders-db.yaml", "database: orders", $"database: {database}"),
            ("policies/orders-db.yaml", BlockedStatements, gateway ? BlockedStatements : ""),
            .. (policy ?? []).Select(change => ("policies/orders-db.yaml", change.Old, change.New))]);
        var folder = new TemporaryDirectory();
        var remote = Path.Combine(folder.Path, "access.git");
        Repository.Init(remote, isBare: true);
        world.Repository.CloneUrl = remote;

        var settings = world.Settings();
        settings["ConnectionStrings:ORDERS_DB"] = target;
        settings["GitJit:DataDirectory"] = Path.Combine(folder.Path, "data");
        adjust?.Invoke(settings);

        var secrets = new SecretScan();
        var logs = new LogLines();
        var targets = settings.Where(s => s.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && s.Key != "ConnectionStrings:GitJit" && s.Value is not null)
            .ToDictionary(s => s.Key["ConnectionStrings:".Length..], s => s.Value!, StringComparer.Ordinal);
        void Configure(IServiceCollection s)
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.AddLogging(logging => logging.AddFilter<LogLines>(null, LogLevel.Information).AddFilter<LogLines>("GitJit", LogLevel.Trace));
            s.AddSingleton<IAccessProvider>(sp => new RecordingAccessProvider(
                new GitJit.Postgres.PostgresAccessProvider(targets, TimeProvider.System, sp.GetService<ILogger<GitJit.Postgres.PostgresAccessProvider>>()), secrets));
            services?.Invoke(s);
        }
        var server = await ServerUnderTest.StartAsync(settings, Configure);
        var real = new RealGrantWorld(folder, world, server, target, remote, secrets, logs) { settings = settings, configure = Configure };
        real.WatchForSecrets(settings);
        return real;
    }

    /// <summary>
    /// Starts one more instance of the server with the same settings and services (its own data directory, as on
    /// another machine); with <c>ConnectionStrings:GitJit</c> set they share their jobs. Disposed with the world.
    /// </summary>
    public async Task<ServerUnderTest> StartInstanceAsync()
    {
        var more = new Dictionary<string, string?>(settings) { ["GitJit:DataDirectory"] = Path.Combine(Folder, $"data-{instances.Count + 2}") };
        var instance = await ServerUnderTest.StartAsync(more, configure);
        instances.Add(instance);
        return instance;
    }

    private void WatchForSecrets(Dictionary<string, string?> settings)
    {
        Secrets.Add("the webhook secret", FlowWorld.Secret);
        foreach (var (key, value) in settings.Where(s => s.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && s.Value is not null))
        {
            Secrets.Add($"the password of {key}", new NpgsqlConnectionStringBuilder(value).Password);
        }
        Secrets.Watch("the server's log", () => Logs.All.Select((line, i) => ($"log line {i + 1}", line)));
        Secrets.Watch("what was sent to GitHub", () =>
        {
            // Read when the scan runs, so every token handed out until then is known.
            foreach (var (what, value) in World.GitHub.Secrets)
            {
                if (what == "App private key") Secrets.AddPem(what, value);
                else Secrets.Add(what, value);
            }
            // Only the OAuth token exchange carries secrets to GitHub, as it must (the client secret, the code).
            return World.GitHub.Received.Where(r => r.Route != "POST /login/oauth/access_token").Select(r => ($"the body of {r.Route}", r.Body));
        });
        Secrets.Watch("the world's files and git objects", () => SecretScan.Files(Folder));
        if (settings.GetValueOrDefault("ConnectionStrings:GitJit") is { } own) Secrets.Watch("GitJit's database", () => SecretScan.Database(own));
    }

    /// <summary>Has olga approve the pull request, merges it onto the base commit, delivers "closed" and waits for the jobs.</summary>
    public async Task MergeAsync(FakePullRequest pullRequest)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        pullRequest.AddReview("olga", "APPROVED");
        pullRequest.Merge(World.Repository.Commit(World.Repository.TreeAt(pullRequest.HeadSha), World.BaseSha));
        await DeliverClosedAsync(pullRequest);
    }

    /// <summary>Delivers the pull request's "closed" event as it stands and waits for the jobs.</summary>
    public async Task DeliverClosedAsync(FakePullRequest pullRequest)
    {
        using (var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "pull_request", World.Payload("pull_request", "closed", pullRequest), FlowWorld.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await Server.JobsDoneAsync();
    }

    /// <summary><paramref name="author"/> comments <paramref name="body"/> on the pull request; waits for the jobs.</summary>
    public async Task CommentAsync(FakePullRequest pullRequest, string body, string author)
    {
        using (var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "issue_comment", World.CommentPayload(pullRequest, body, author), FlowWorld.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await Server.JobsDoneAsync();
    }

    /// <summary>The access the PostgreSQL provider holds in this world's target database.</summary>
    public async Task<IReadOnlyList<ManagedAccess>> AccessAsync()
    {
        var provider = Server.Services.GetRequiredService<AccessProviders>().For("postgres");
        var database = new NpgsqlConnectionStringBuilder(Target).Database;
        return [.. (await provider.ListAsync(CancellationToken.None)).Where(a => a.Database == database)];
    }

    /// <summary>Opens a request for alice lasting <paramref name="duration"/>, approves and merges it; its number, once granted.</summary>
    public async Task<int> GrantAsync(string duration)
    {
        var pullRequest = World.Open(Requests.AliceWith("duration", duration));
        await MergeAsync(pullRequest);
        Assert.True(History.Any(e => e.Record.PullRequest == pullRequest.Number && e.Record.Event == AuditEvent.Granted), "not granted: " + Server.JobTroubles());
        return pullRequest.Number;
    }

    /// <summary>Asserts that no secret of <see cref="Secrets"/> is anywhere it watches; how much it searched.</summary>
    public (int Secrets, int Texts) AssertNoSecretLeaked()
    {
        var hits = Secrets.Hits();
        Assert.True(hits.Count == 0, "secrets leaked:\n" + string.Join("\n", hits.Distinct()));
        return (Secrets.Count, Secrets.Searched);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.RevokeLeftoversAsync(Target);
        foreach (var instance in instances) await instance.DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            AssertNoSecretLeaked();
        }
        finally
        {
            await World.DisposeAsync();
            folder.Dispose();
        }
    }
}
