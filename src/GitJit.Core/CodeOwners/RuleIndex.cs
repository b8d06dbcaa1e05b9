namespace GitJit.Core.CodeOwners;

/// <summary>
/// Finds the last rule whose pattern matches a path without trying every rule. Each rule sits in exactly one bucket:
/// <list type="bullet">
/// <item>anchored rules in a trie keyed by their leading literal segments (<c>/apps/github</c> under apps → github),
/// so a lookup visits only the nodes along the path;</item>
/// <item>rules that float to any depth by their first literal name (<c>apps/</c>, <c>**/logs</c>), looked up for each
/// segment of the path;</item>
/// <item>floating globs by the extension they end with (<c>*.js</c> under <c>.js</c>), looked up by each segment's extension;</item>
/// <item>everything else (<c>*</c>, <c>test-*</c>) in a short list that every lookup checks.</item>
/// </list>
/// Buckets hold rule numbers in ascending order and are walked from the end, stopping at the first match or at
/// a rule no later than the best match so far, so the result is the highest-numbered matching rule.
/// </summary>
internal sealed class RuleIndex
{
    private const int StackSegments = 64;

    private readonly PathPattern[] patterns;
    private readonly TrieNode anchored = new();
    private readonly Dictionary<string, List<int>> floatingByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> floatingByExtension = new(StringComparer.Ordinal);
    private readonly List<int> everywhere = [];

    public RuleIndex(IReadOnlyList<PathPattern> patterns)
    {
        this.patterns = [.. patterns];
        for (var i = 0; i < this.patterns.Length; i++)
        {
            BucketFor(this.patterns[i]).Add(i);
        }
    }

    /// <summary>The number of the last rule matching <paramref name="path"/>, or -1.</summary>
    public int FindLast(ReadOnlySpan<char> path)
    {
        var count = path.Count('/') + 1;
        Span<Range> segments = count <= StackSegments ? stackalloc Range[count] : new Range[count];
        path.Split(segments, '/');

        var node = anchored;
        var best = Visit(node.Rules, path, segments, -1);
        foreach (var segment in segments)
        {
            if (node.Children is null || !node.Children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path[segment], out node)) break;
            best = Visit(node.Rules, path, segments, best);
        }

        var byName = floatingByName.GetAlternateLookup<ReadOnlySpan<char>>();
        var byExtension = floatingByExtension.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var segment in segments)
        {
            var name = path[segment];
            if (byName.TryGetValue(name, out var named)) best = Visit(named, path, segments, best);
            var dot = name.LastIndexOf('.');
            if (dot >= 0 && byExtension.TryGetValue(name[dot..], out var extended)) best = Visit(extended, path, segments, best);
        }
        return Visit(everywhere, path, segments, best);
    }

    private int Visit(List<int> bucket, ReadOnlySpan<char> path, ReadOnlySpan<Range> segments, int best)
    {
        for (var i = bucket.Count - 1; i >= 0 && bucket[i] > best; i--)
        {
            if (patterns[bucket[i]].Matches(path, segments)) return bucket[i];
        }
        return best;
    }

    private List<int> BucketFor(PathPattern pattern)
    {
        var elements = pattern.Elements;
        if (elements[0].Kind == SegmentKind.AnySegments)
        {
            var first = elements.Length > 1 ? elements[1] : null;
            if (first?.Kind == SegmentKind.Literal) return BucketIn(floatingByName, first.Literal);
            return first?.Extension is { } extension ? BucketIn(floatingByExtension, extension) : everywhere;
        }

        var node = anchored;
        foreach (var element in elements)
        {
            if (element.Kind != SegmentKind.Literal) break;
            node.Children ??= new(StringComparer.Ordinal);
            if (!node.Children.TryGetValue(element.Literal, out var child))
            {
                child = new TrieNode();
                node.Children.Add(element.Literal, child);
            }
            node = child;
        }
        return node.Rules;
    }

    private static List<int> BucketIn(Dictionary<string, List<int>> buckets, string key)
    {
        if (!buckets.TryGetValue(key, out var bucket))
        {
            bucket = [];
            buckets.Add(key, bucket);
        }
        return bucket;
    }

    private sealed class TrieNode
    {
        public Dictionary<string, TrieNode>? Children { get; set; }

        public List<int> Rules { get; } = [];
    }
}
