using System.Text;

namespace GitJit.Sandbox.GitHub;

/// <summary>A full file tree (path → entry) to commit; paths use '/' and have no leading slash.</summary>
public sealed class FakeTree
{
    private readonly SortedDictionary<string, FakeTreeEntry> entries;

    public FakeTree() => entries = new(StringComparer.Ordinal);

    private FakeTree(SortedDictionary<string, FakeTreeEntry> entries) => this.entries = new(entries, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, FakeTreeEntry> Entries => entries;

    public static FakeTree From(IReadOnlyDictionary<string, string> files)
    {
        var tree = new FakeTree();
        foreach (var (path, text) in files) tree.With(path, text);
        return tree;
    }

    public FakeTree With(string path, string text) => With(path, Encoding.UTF8.GetBytes(text));

    public FakeTree With(string path, byte[] content)
    {
        entries[path] = new FakeTreeEntry([.. content], isSymbolicLink: false);
        return this;
    }

    internal FakeTree With(string path, FakeTreeEntry entry)
    {
        entries[path] = entry;
        return this;
    }

    public FakeTree WithSymbolicLink(string path, string target)
    {
        entries[path] = new FakeTreeEntry(Encoding.UTF8.GetBytes(target), isSymbolicLink: true);
        return this;
    }

    public FakeTree Without(string path)
    {
        entries.Remove(path);
        return this;
    }

    /// <summary>A copy, so a test can build the next commit from this one.</summary>
    public FakeTree Clone() => new(entries);
}
