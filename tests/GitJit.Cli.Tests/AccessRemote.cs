using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using LibGit2Sharp;

namespace GitJit.Cli.Tests;

/// <summary>
/// The access repository acme/access as a requester has it: a bare repository on disk as <c>origin</c>, seeded with this
/// checkout's example files on <c>main</c>; a clone of it to work in; and a fake GitHub on loopback whose acme/access is
/// that same bare repository, so that what is pushed there is what GitHub serves.
/// </summary>
internal sealed class AccessRemote : IAsyncDisposable
{
    private readonly TemporaryDirectory folder = new();

    private AccessRemote(FakeGitHubServer gitHub)
    {
        GitHub = gitHub;
        Bare = Path.Combine(folder.Path, "remote", "acme", "access.git");
        Repository.Init(Bare, isBare: true);
        using (var bare = new Repository(Bare)) bare.Refs.UpdateTarget("HEAD", "refs/heads/main");
        var seed = Path.Combine(folder.Path, "seed");
        Repository.Init(seed);
        using (var repository = new Repository(seed))
        {
            foreach (var (path, content) in ProjectFiles.ExampleFiles())
            {
                var full = Path.Combine(seed, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, content);
            }
            LibGit2Sharp.Commands.Stage(repository, "*");
            var admin = new Signature("Admin", "admin@example.com", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var commit = repository.Commit("The access repository", admin, admin);
            repository.Network.Remotes.Add("origin", Bare);
            repository.Network.Push(repository.Network.Remotes["origin"], $"{commit.Sha}:refs/heads/main");
        }
        Clone = Path.Combine(folder.Path, "work");
        Repository.Clone(Bare, Clone);
        using (var clone = new Repository(Clone))
        {
            clone.Config.Set("user.name", "Alice Example");
            clone.Config.Set("user.email", "alice@example.com");
        }
        GitHubRepository = GitHub.AddRepository("acme", "access");
        GitHubRepository.GitDirectory = Bare;
        GitHubRepository.CloneUrl = Bare;
        Home = Directory.CreateDirectory(Path.Combine(folder.Path, "home")).FullName;
    }

    public FakeGitHubServer GitHub { get; }

    public FakeRepository GitHubRepository { get; }

    /// <summary>The bare repository: origin, and GitHub's copy of acme/access.</summary>
    public string Bare { get; }

    /// <summary>The requester's clone.</summary>
    public string Clone { get; }

    /// <summary>An empty home folder: no gh sign-in unless a test writes one.</summary>
    public string Home { get; }

    public string Folder => folder.Path;

    public static async Task<AccessRemote> StartAsync() => new(await FakeGitHubServer.StartAsync());

    /// <summary>What the CLI sees: the fake's API URL, and <paramref name="variables"/> (GITHUB_TOKEN and the like).</summary>
    public CliEnvironment Environment(params (string Name, string Value)[] variables) =>
        CliEnvironment.Of(
            new Dictionary<string, string>(variables.Select(v => KeyValuePair.Create(v.Name, v.Value))) { ["GITHUB_API_URL"] = GitHub.ApiUrl.ToString() },
            Home);

    /// <summary>Branches of the bare repository (origin, GitHub).</summary>
    public IReadOnlyList<string> RemoteBranches()
    {
        using var bare = new Repository(Bare);
        return [.. bare.Branches.Select(b => b.FriendlyName).Order(StringComparer.Ordinal)];
    }

    /// <summary>Local branches of the clone.</summary>
    public IReadOnlyList<string> LocalBranches()
    {
        using var clone = new Repository(Clone);
        return [.. clone.Branches.Where(b => !b.IsRemote).Select(b => b.FriendlyName).Order(StringComparer.Ordinal)];
    }

    /// <summary>Someone else pushes <paramref name="branch"/> to origin: main plus one file. Returns the branch's tip.</summary>
    public string PushBranchByHand(string branch, string path, string content, string author = "bob")
    {
        using var bare = new Repository(Bare);
        var main = bare.Branches["main"].Tip;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        var tree = TreeDefinition.From(main);
        tree.Add(path, bare.ObjectDatabase.CreateBlob(stream), Mode.NonExecutableFile);
        var someone = new Signature(author, author + "@example.com", new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var commit = bare.ObjectDatabase.CreateCommit(someone, someone, "By hand", bare.ObjectDatabase.CreateTree(tree), [main], prettifyMessage: true);
        bare.Refs.Add("refs/heads/" + branch, commit.Id);
        return commit.Sha;
    }

    /// <summary>The bot records <paramref name="records"/> on origin's main at <paramref name="now"/>; the clone pulls them.</summary>
    public async Task RecordAsync(DateTimeOffset now, params AuditRecord[] records)
    {
        var log = new GitAuditLog(new GitAuditLogOptions { WorkingFolder = Path.Combine(folder.Path, "bot") }, new FixedTime(now));
        await log.AppendAsync(new AuditRemote(Bare, "main", Token: null), records, CancellationToken.None);
        using var clone = new Repository(Clone);
        LibGit2Sharp.Commands.Pull(clone, new Signature("Alice Example", "alice@example.com", now), new PullOptions { MergeOptions = new MergeOptions { FastForwardStrategy = FastForwardStrategy.FastForwardOnly } });
    }

    /// <summary>The tip of main on origin.</summary>
    public string MainTip()
    {
        using var bare = new Repository(Bare);
        return bare.Branches["main"].Tip.Sha;
    }

    public sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        folder.Dispose();
    }
}
