using System.Globalization;
using System.Text.Json.Nodes;
using GitJit.Sandbox.GitHub;
using Npgsql;

namespace GitJit.Testing.Faults;

/// <summary>
/// What a server under a fault needs, as the server tests' FlowWorld and RealGrantWorld build it: the fake GitHub with
/// the App installed on acme and acme's teams, an access repository whose base commit is this checkout's example access
/// repository, a real PostgreSQL target database that the example policy points at, a PostgreSQL database for the
/// server's jobs (so they outlive a kill), a bare git repository as the access repository's remote, and the settings.
/// </summary>
/// <remarks>
/// Several worlds may share one PostgreSQL cluster at the same time: each has its own repository name (so its grant
/// ids, and the role names made from them, are its own) and its own connection name for the target (so its server's
/// reconciler lists only its own roles).
/// </remarks>
public sealed class FaultWorld : IAsyncDisposable
{
    public const string Secret = "webhook secret for the fault harness";
    public const long AppId = 101;
    public const long InstallationId = 7;

    private FaultWorld(FakeGitHubServer github, FakeRepository repository, string baseSha, string target, string remote, string folder, Dictionary<string, string?> settings)
    {
        GitHub = github;
        Repository = repository;
        BaseSha = baseSha;
        Target = target;
        Remote = remote;
        Folder = folder;
        Settings = settings;
    }

    public FakeGitHubServer GitHub { get; }

    public FakeRepository Repository { get; }

    public string BaseSha { get; }

    /// <summary>The target database's admin connection string.</summary>
    public string Target { get; }

    /// <summary>The bare repository the audit trail is pushed to.</summary>
    public string Remote { get; }

    /// <summary>This world's files: the remote, the server's data directory, the logs.</summary>
    public string Folder { get; }

    /// <summary>The server's settings, secrets included: for its environment only, never for a log.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <param name="cluster">A PostgreSQL server's admin connection string, where the target and the job databases are made.</param>
    /// <param name="name">This world's name, <c>[a-z0-9]</c>: part of the repository's name and of the target's connection name.</param>
    /// <param name="folder">Where this world keeps its files (made when missing; left in place).</param>
    public static async Task<FaultWorld> CreateAsync(string cluster, string name, string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var target = await TestPostgres.CreateDatabaseAsync(cluster).ConfigureAwait(false);
        var jobs = await TestPostgres.CreateDatabaseAsync(cluster).ConfigureAwait(false);
        await using (var admin = NpgsqlDataSource.Create(target))
        await using (var setup = admin.CreateCommand("""
            create table public.orders (id int primary key, status text);
            insert into public.orders values (1, 'stuck'), (2, 'shipped');
            create table public.customers_pii (name text);
            insert into public.customers_pii values ('Ada');
            """))
        {
            await setup.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        var database = new NpgsqlConnectionStringBuilder(target).Database!;
        var connection = "ORDERS_" + name.ToUpperInvariant();

        var github = await FakeGitHubServer.StartAsync().ConfigureAwait(false);
        var app = github.RegisterApp(AppId);
        app.AddInstallation(InstallationId, "acme");
        github.AddTeam("acme", "engineering", "alice", "bob", "carol");
        github.AddTeam("acme", "support-leads");
        github.AddTeam("acme", "orders-dba", "olga", "alice");
        var repository = github.AddRepository("acme", "access-" + name);
        var tree = new FakeTree();
        foreach (var (path, content) in ProjectFiles.ExampleFiles())
        {
            if (path != "policies/orders-db.yaml")
            {
                tree.With(path, content);
                continue;
            }
            // The read-only role without its statement guardrail: its grants are direct logins, no gateway needed.
            tree.With(path, System.Text.Encoding.UTF8.GetString(content)
                .Replace("database: orders", $"database: {database}", StringComparison.Ordinal)
                .Replace("connection: ORDERS_DB", $"connection: {connection}", StringComparison.Ordinal)
                .Replace("      blockedStatements: [drop, truncate, alter, grant, revoke, copy]\n", "", StringComparison.Ordinal));
        }
        var baseSha = repository.Commit(tree);

        Directory.CreateDirectory(folder);
        var remote = Path.Combine(folder, "access.git");
        LibGit2Sharp.Repository.Init(remote, isBare: true);
        repository.CloneUrl = remote;

        var settings = new Dictionary<string, string?>
        {
            ["GitJit:GitHub:AppId"] = AppId.ToString(CultureInfo.InvariantCulture),
            ["GitJit:GitHub:PrivateKey"] = app.PrivateKeyPem,
            ["GitJit:GitHub:WebhookSecret"] = Secret,
            ["GitJit:GitHub:ApiUrl"] = github.ApiUrl.ToString(),
            ["GitJit:GitHub:ClientId"] = app.ClientId,
            ["GitJit:GitHub:ClientSecret"] = app.ClientSecret,
            ["GitJit:GitHub:WebUrl"] = github.WebUrl.ToString(),
            ["GitJit:PublicUrl"] = "https://gitjit.example.test/",
            ["GitJit:Admins:0"] = "root-admin",
            ["GitJit:DataDirectory"] = Path.Combine(folder, "data"),
            ["GitJit:Worker:Count"] = "5",
            ["ConnectionStrings:GitJit"] = jobs,
            [$"ConnectionStrings:{connection}"] = target,
        };
        return new FaultWorld(github, repository, baseSha, target, remote, folder, settings);
    }

    /// <summary>The grant id of pull request <paramref name="number"/>, as the server names it.</summary>
    public string GrantId(int number) => $"{Repository.FullName}#{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Alice opens a pull request that adds <paramref name="request"/>; olga approves it; it is merged onto the base commit.</summary>
    public FakePullRequest OpenApprovedAndMerged(string request)
    {
        var head = Repository.CommitWithParents(Repository.TreeAt(BaseSha).Clone().With(Requests.AlicePath, request), BaseSha);
        var pullRequest = Repository.OpenPullRequest("alice", BaseSha, head);
        pullRequest.AddReview("olga", "APPROVED");
        pullRequest.Merge(Repository.Commit(Repository.TreeAt(pullRequest.HeadSha), BaseSha));
        return pullRequest;
    }

    /// <summary>Sends the pull request's "closed" event to <paramref name="webhookUrl"/>, signed as GitHub does; whether it was accepted (200).</summary>
    public async Task<bool> DeliverClosedAsync(FakePullRequest pullRequest, Uri webhookUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", "pull_request.closed.json"), cancellationToken).ConfigureAwait(false))!;
        json["pull_request"]!["merged"] = pullRequest.IsMerged;
        json["pull_request"]!["merge_commit_sha"] = pullRequest.MergeCommitSha;
        if (json["number"] is not null) json["number"] = pullRequest.Number;
        json["pull_request"]!["number"] = pullRequest.Number;
        json["pull_request"]!["head"]!["sha"] = pullRequest.HeadSha;
        json["repository"]!["name"] = Repository.Name;
        json["repository"]!["full_name"] = Repository.FullName;
        json["repository"]!["owner"]!["login"] = Repository.Owner;
        json["installation"]!["id"] = InstallationId;
        using var response = await GitHub.SendWebhookAsync(webhookUrl, "pull_request", json.ToJsonString(), Secret, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.StatusCode == System.Net.HttpStatusCode.OK;
    }

    public async ValueTask DisposeAsync() => await GitHub.DisposeAsync().ConfigureAwait(false);
}
