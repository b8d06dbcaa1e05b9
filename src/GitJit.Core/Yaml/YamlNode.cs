namespace GitJit.Core.Yaml;

/// <summary>
/// A node of a YAML document read by <see cref="SafeYamlReader"/>: no anchors, aliases or tags survive reading,
/// every mapping key is a unique scalar, and every node knows where it starts.
/// </summary>
public abstract class YamlNode
{
    private protected YamlNode(SourcePosition start) => Start = start;

    /// <summary>Where the node starts in its file.</summary>
    public SourcePosition Start { get; }

    /// <summary>The node's kind as a reader would say it: "a mapping", "a list", "a text".</summary>
    public abstract string Kind { get; }
}

/// <summary>A scalar. <see cref="IsPlain"/> is false for quoted and block scalars, which are always strings.</summary>
public sealed class YamlScalar(SourcePosition start, string value, bool isPlain) : YamlNode(start)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    public override string Kind => "a single value";
}

/// <summary>A sequence of nodes.</summary>
public sealed class YamlSequence(SourcePosition start, IReadOnlyList<YamlNode> items) : YamlNode(start)
{
    public IReadOnlyList<YamlNode> Items { get; } = items;

    public override string Kind => "a list";
}

/// <summary>A mapping whose keys are unique scalars, in file order.</summary>
public sealed class YamlMapping(SourcePosition start, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries) : YamlNode(start)
{
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = entries;

    public override string Kind => "a mapping";

    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public YamlNode? this[string key]
    {
        get
        {
            foreach (var (k, v) in Entries)
            {
                if (k.Value == key) return v;
            }
            return null;
        }
    }

    /// <summary>
    /// Where the value at <paramref name="keys"/> (a path of nested mapping keys) starts; where the path
    /// stops existing, the deepest node that does exist.
    /// </summary>
    public SourcePosition PositionOf(params ReadOnlySpan<string> keys)
    {
        YamlNode node = this;
        foreach (var key in keys)
        {
            if (node is not YamlMapping mapping || mapping[key] is not { } child) break;
            node = child;
        }
        return node.Start;
    }

    /// <summary>The key node for <paramref name="key"/>, or null.</summary>
    public YamlScalar? KeyNode(string key) => Entries.FirstOrDefault(e => e.Key.Value == key).Key;
}
