using System.Net;
using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Testing;
using GitJit.Testing.FakeGitHub;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
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

    private RealGrantWorld(TemporaryDirectory folder, FlowWorld world, ServerUnderTest server, string target, string remote)
    {
        this.folder = folder;
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

    /// <summary>Every record on the remote's main branch, as auditors read them.</summary>
    public IReadOnlyList<AuditEntry> History => AuditHistory.Read(Remote, since: null, "refs/heads/main").Entries;

    /// <summary>The example read-only role's statement guardrail, which sends its sessions through the gateway.</summary>
    public const string BlockedStatements = "      blockedStatements: [drop, truncate, alter, grant, revoke, copy]\n";

    /// <param name="adjust">Changes to the server's settings before it starts.</param>
    /// <param name="gateway">
    /// Whether the read-only role keeps its statement guardrail, so its credentials are a gateway login; by default it
    /// is taken out, and requesters get the role's own password (the direct path, which these tests connect with).
    /// </param>
    /// <param name="services">Changes to the server's services (a log capture, say).</param>
    public static async Task<RealGrantWorld> StartAsync(Action<Dictionary<string, string?>>? adjust = null, bool gateway = false, Action<IServiceCollection>? services = null)
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
        var world = await FlowWorld.CreateAsync(
            ("policies/orders-db.yaml", "database: orders", $"database: {database}"),
            ("policies/orders-db.yaml", BlockedStatements, gateway ? BlockedStatements : ""));
        var folder = new TemporaryDirectory();
        var remote = Path.Combine(folder.Path, "access.git");
        Repository.Init(remote, isBare: true);
        world.Repository.CloneUrl = remote;

        var settings = world.Settings();
        settings["ConnectionStrings:ORDERS_DB"] = target;
        settings["GitJit:DataDirectory"] = Path.Combine(folder.Path, "data");
        adjust?.Invoke(settings);
        return new RealGrantWorld(folder, world, await ServerUnderTest.StartAsync(settings, services), target, remote);
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

    public async ValueTask DisposeAsync()
    {
        await Server.RevokeLeftoversAsync(Target);
        await Server.DisposeAsync();
        await World.DisposeAsync();
        folder.Dispose();
    }
}
