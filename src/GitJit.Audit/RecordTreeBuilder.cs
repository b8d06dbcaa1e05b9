using LibGit2Sharp;

namespace GitJit.Audit;

/// <summary>
/// The tree of the next record commit: the tip's tree with files added under audit/&lt;pull&gt;/. Writes the three
/// trees a record changes (audit/&lt;pull&gt;, audit, the root) from entries held in memory, so a chain of records
/// costs one copy of audit/ per commit instead of re-inserting every entry through libgit2's tree builder.
/// </summary>
internal sealed class RecordTreeBuilder
{
    private const string Folder = "audit";

    private readonly Repository repository;
    private readonly GitTreeEntries root;
    private readonly GitTreeEntries audit;
    private readonly Dictionary<string, GitTreeEntries> pulls = new(StringComparer.Ordinal);

    public RecordTreeBuilder(Repository repository, Tree? tip)
    {
        this.repository = repository;
        root = GitTreeEntries.From(tip);
        audit = GitTreeEntries.From(FolderTree(root, Folder));
    }

    /// <summary>What is at <c>audit/&lt;pull&gt;/&lt;name&gt;</c> (or, when audit/&lt;pull&gt; is not a folder, there), or null.</summary>
    public (Mode Mode, ObjectId Id)? Find(string pull, string name) =>
        audit.Find(pull) is { Mode: not Mode.Directory } blocking ? blocking : Pull(pull).Find(name);

    /// <summary>Adds a file at <c>audit/&lt;pull&gt;/&lt;name&gt;</c> and returns the whole new tree.</summary>
    public Tree Add(string pull, string name, ObjectId blob)
    {
        var entries = Pull(pull);
        entries.Set(name, Mode.NonExecutableFile, blob);
        audit.Set(pull, Mode.Directory, entries.Write(repository.ObjectDatabase));
        root.Set(Folder, Mode.Directory, audit.Write(repository.ObjectDatabase));
        return repository.Lookup<Tree>(root.Write(repository.ObjectDatabase));
    }

    private GitTreeEntries Pull(string pull)
    {
        if (!pulls.TryGetValue(pull, out var entries))
        {
            entries = GitTreeEntries.From(FolderTree(audit, pull));
            pulls[pull] = entries;
        }
        return entries;
    }

    private Tree? FolderTree(GitTreeEntries parent, string name) =>
        parent.Find(name) is { Mode: Mode.Directory } folder ? repository.Lookup<Tree>(folder.Id) : null;
}
