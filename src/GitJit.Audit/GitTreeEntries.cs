using System.Text;
using LibGit2Sharp;

namespace GitJit.Audit;

/// <summary>
/// The entries of one git tree, kept in git's order (by name bytes, a folder compared as if its name ended in '/')
/// with each entry's bytes ready, so that writing the tree after a change costs one copy, not a sort.
/// </summary>
internal sealed class GitTreeEntries
{
    private static readonly Mode[] KnownModes = [Mode.Directory, Mode.NonExecutableFile, Mode.ExecutableFile, Mode.SymbolicLink, Mode.GitLink];

    private readonly List<Item> items = [];
    private readonly Dictionary<string, Item> byName = new(StringComparer.Ordinal);

    public static GitTreeEntries From(Tree? tree)
    {
        var entries = new GitTreeEntries();
        if (tree is null) return entries;
        foreach (var entry in tree)
        {
            var item = Item.Create(entry.Name, entry.Mode, entry.Target.Id);
            entries.byName[entry.Name] = item;
            entries.items.Add(item);
        }
        // A tree read from git is already in git's order; sorting again only guards against a hostile one.
        entries.items.Sort(Item.GitOrder);
        return entries;
    }

    public (Mode Mode, ObjectId Id)? Find(string name) => byName.TryGetValue(name, out var item) ? (item.Mode, item.Id) : null;

    public void Set(string name, Mode mode, ObjectId id)
    {
        if (byName.Remove(name, out var old)) items.RemoveAt(items.BinarySearch(old, Item.GitOrder));
        var item = Item.Create(name, mode, id);
        var at = items.BinarySearch(item, Item.GitOrder);
        items.Insert(at < 0 ? ~at : at, item);
        byName[name] = item;
    }

    /// <summary>Writes the tree object (<c>mode SP name NUL id</c> per entry) and returns its id.</summary>
    public ObjectId Write(ObjectDatabase objects)
    {
        var data = new byte[items.Sum(i => i.Bytes.Length)];
        var at = 0;
        foreach (var item in items)
        {
            item.Bytes.CopyTo(data, at);
            at += item.Bytes.Length;
        }
        return objects.Write<Tree>(data);
    }

    private sealed record Item(string Name, byte[] NameBytes, Mode Mode, ObjectId Id, byte[] Bytes)
    {
        public static IComparer<Item> GitOrder { get; } = Comparer<Item>.Create(Compare);

        public static Item Create(string name, Mode mode, ObjectId id)
        {
            if (!KnownModes.Contains(mode)) throw new InvalidOperationException($"A tree entry has the unknown mode {mode}.");
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var modeBytes = Encoding.ASCII.GetBytes(Convert.ToString((int)mode, 8));
            byte[] bytes = [.. modeBytes, (byte)' ', .. nameBytes, 0, .. id.RawId];
            return new Item(name, nameBytes, mode, id, bytes);
        }

        private static int Compare(Item? a, Item? b)
        {
            var common = Math.Min(a!.NameBytes.Length, b!.NameBytes.Length);
            var byPrefix = a.NameBytes.AsSpan(0, common).SequenceCompareTo(b.NameBytes.AsSpan(0, common));
            return byPrefix != 0 ? byPrefix : Next(a, common).CompareTo(Next(b, common));
        }

        private static int Next(Item item, int at) => item.NameBytes.Length > at ? item.NameBytes[at] : item.Mode == Mode.Directory ? '/' : 0;
    }
}
