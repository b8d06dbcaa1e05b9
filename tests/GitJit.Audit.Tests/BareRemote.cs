using System.Text;
using GitJit.Testing;
using LibGit2Sharp;

namespace GitJit.Audit.Tests;

/// <summary>
/// A bare repository on disk standing for the access repository's remote, with a reflog on every ref (so tests see
/// each push as one ref update), optionally seeded with a first commit on <see cref="Branch"/>.
/// </summary>
internal sealed class BareRemote : IDisposable
{
    public const string Branch = "main";

    private readonly TemporaryDirectory folder = new();

    public BareRemote(bool seeded = true)
    {
        Path = System.IO.Path.Combine(folder.Path, "access.git");
        Repository.Init(Path, isBare: true);
        using (var repository = new Repository(Path))
        {
            repository.Config.Set("core.logAllRefUpdates", "always");
            repository.Refs.UpdateTarget("HEAD", "refs/heads/" + Branch);
        }
        if (seeded) Seed = CommitOnBranch("Start the access repository\n", new Dictionary<string, string?> { ["README.md"] = "# access\n" });
    }

    public string Path { get; }

    public string? Seed { get; }

    public AuditRemote Remote => new(Path, Branch, Token: null);

    /// <summary>A folder for one more writer's mirrors.</summary>
    public string NewWorkingFolder() => System.IO.Path.Combine(folder.Path, "writer-" + Guid.NewGuid().ToString("N"));

    public GitAuditLog NewLog(TimeProvider timeProvider, int maxAttempts = 10, Microsoft.Extensions.Logging.ILogger<GitAuditLog>? logger = null) => new(
        new GitAuditLogOptions
        {
            WorkingFolder = NewWorkingFolder(),
            AuthorName = "gitjit[bot]",
            AuthorEmail = "42+gitjit[bot]@users.noreply.github.com",
            MaxAttempts = maxAttempts,
            FirstRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        },
        timeProvider,
        logger);

    public Repository Open() => new(Path);

    /// <summary>Commits changes (null content deletes) on top of the branch, as a human with push access would.</summary>
    public string CommitOnBranch(string message, IReadOnlyDictionary<string, string?> changes)
    {
        using var repository = Open();
        var tip = repository.Branches[Branch]?.Tip;
        var commit = Commit(repository, message, tip is null ? [] : [tip], changes);
        if (tip is null) repository.Refs.Add("refs/heads/" + Branch, commit.Id, "test commit");
        else repository.Refs.UpdateTarget(repository.Refs["refs/heads/" + Branch], commit.Id, "test commit");
        return commit.Sha;
    }

    /// <summary>The branch's tip, newest-first history and reflog transitions (oldest first).</summary>
    public static (string? Tip, List<Commit> History, List<(string From, string To)> Updates) Inspect(Repository repository)
    {
        var tip = repository.Branches[Branch]?.Tip;
        var history = tip is null ? [] : repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological }).ToList();
        var updates = repository.Refs.Log("refs/heads/" + Branch).Reverse().Select(e => (e.From.Sha, e.To.Sha)).ToList();
        return (tip?.Sha, history, updates);
    }

    public void Dispose() => folder.Dispose();

    private static Commit Commit(Repository repository, string message, Commit[] parents, IReadOnlyDictionary<string, string?> changes)
    {
        var tree = parents.Length == 0 ? new TreeDefinition() : TreeDefinition.From(parents[0]);
        foreach (var (path, content) in changes)
        {
            if (content is null)
            {
                tree.Remove(path);
                continue;
            }
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            tree.Add(path, repository.ObjectDatabase.CreateBlob(stream), Mode.NonExecutableFile);
        }
        var human = new Signature("Mallory", "mallory@example.com", new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
        return repository.ObjectDatabase.CreateCommit(human, human, message, repository.ObjectDatabase.CreateTree(tree), parents, prettifyMessage: false);
    }
}
