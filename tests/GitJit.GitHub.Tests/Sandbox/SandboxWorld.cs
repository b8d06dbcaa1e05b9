using GitJit.Sandbox.GitHub;
using GitJit.Testing;
using LibGit2Sharp;

namespace GitJit.GitHub.Tests.Sandbox;

/// <summary>
/// The stand-in with its pages, an App (installed on acme, webhooks to a <see cref="WebhookReceiver"/>), acme's people, and
/// acme/access holding this checkout's example access repository: in the stand-in's memory, or, with <c>onDisk</c>, in a
/// bare git repository as the sandbox runs it.
/// </summary>
internal sealed class SandboxWorld : IAsyncDisposable
{
    public const string Secret = "sandbox webhook secret";
    public const long AppId = 303;
    public const long InstallationId = 31;

    private readonly TemporaryDirectory? folder;

    private SandboxWorld(FakeGitHubServer gitHub, FakeApp app, FakeRepository repository, string baseSha, WebhookReceiver receiver, TemporaryDirectory? folder)
    {
        BaseSha = baseSha;
        GitHub = gitHub;
        App = app;
        Repository = repository;
        Receiver = receiver;
        this.folder = folder;
    }

    public FakeGitHubServer GitHub { get; }

    public FakeApp App { get; }

    public FakeRepository Repository { get; }

    public WebhookReceiver Receiver { get; }

    /// <summary>main's first commit: the example access repository.</summary>
    public string BaseSha { get; }

    public PeopleActions People => GitHub.People;

    public static async Task<SandboxWorld> StartAsync(bool onDisk = false)
    {
        var gitHub = await FakeGitHubServer.StartAsync(null, listenOn: null, pages: true);
        var receiver = await WebhookReceiver.StartAsync();
        var app = gitHub.RegisterApp(AppId).DeliverTo(receiver.Url, Secret);
        app.AddInstallation(InstallationId, "acme");
        gitHub.AddOrganization("acme");
        gitHub.AddTeam("acme", "engineering", "alice", "bob", "carol");
        gitHub.AddTeam("acme", "orders-dba", "olga", "alice");
        gitHub.AddUser("alice", "Alice Example", "alice@example.com");
        var repository = gitHub.AddRepository("acme", "access");
        TemporaryDirectory? folder = null;
        string baseSha;
        if (onDisk)
        {
            folder = new TemporaryDirectory();
            var bare = Path.Combine(folder.Path, "access.git");
            LibGit2Sharp.Repository.Init(bare, isBare: true);
            using (var git = new LibGit2Sharp.Repository(bare))
            {
                var tree = new TreeDefinition();
                foreach (var (path, content) in ProjectFiles.ExampleFiles())
                {
                    using var stream = new MemoryStream(content);
                    tree.Add(path, git.ObjectDatabase.CreateBlob(stream), Mode.NonExecutableFile);
                }
                var admin = new Signature("Admin", "admin@example.com", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
                var commit = git.ObjectDatabase.CreateCommit(admin, admin, "The access repository", git.ObjectDatabase.CreateTree(tree), [], prettifyMessage: true);
                git.Refs.Add("refs/heads/main", commit.Id);
                baseSha = commit.Sha;
                git.Refs.UpdateTarget("HEAD", "refs/heads/main");
            }
            repository.GitDirectory = bare;
            repository.CloneUrl = bare;
        }
        else
        {
            baseSha = repository.Commit(ProjectFiles.ExampleFiles().ToDictionary(f => f.Key, f => System.Text.Encoding.UTF8.GetString(f.Value)));
        }
        return new SandboxWorld(gitHub, app, repository, baseSha, receiver, folder);
    }

    /// <summary>Waits for every queued delivery, then returns what the App received.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> DeliveredAsync()
    {
        await GitHub.WebhooksDeliveredAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return Receiver.Received;
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await Receiver.DisposeAsync();
        folder?.Dispose();
    }
}
