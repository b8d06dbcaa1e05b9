using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace GitJit.Gateway.Sql.Reading;

/// <summary>
/// libpg_query's JSON parse tree, read in one linear pass into a flat array of values, each knowing where its subtree
/// ends. <see cref="JsonDocument"/> takes time quadratic in the nesting depth (20,000 levels: 12 s), and a parse tree
/// nests as deep as its statement allows; this stays linear. Property names are interned; <c>location</c> numbers,
/// which nothing reads, are left out.
/// </summary>
internal sealed class JsonTree
{
    private const int NoName = -1;

    private readonly byte[] json;
    private readonly List<string> names = [];
    private Row[] rows;
    private int count;

    private JsonTree(byte[] json)
    {
        this.json = json;
        rows = new Row[Math.Max(16, json.Length / 16)];
    }

    public TreeNode Root => count == 0 ? default : new TreeNode(this, 0);

    public static JsonTree Parse(byte[] json)
    {
        var tree = new JsonTree(json);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var open = new Stack<int>();
        var name = NoName;
        Span<char> buffer = stackalloc char[64];
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    name = tree.Intern(ref reader, lookup, buffer);
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    open.Push(tree.Add(reader.TokenType, name, 0, 0, escaped: false));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    tree.rows[open.Pop()].End = tree.count;
                    break;
                case JsonTokenType.Number when name >= 0 && tree.names[name] == "location":
                    break;
                case JsonTokenType.String:
                    tree.Add(reader.TokenType, name, checked((int)reader.TokenStartIndex + 1), reader.ValueSpan.Length, reader.ValueIsEscaped);
                    break;
                default:
                    tree.Add(reader.TokenType, name, checked((int)reader.TokenStartIndex), reader.ValueSpan.Length, escaped: false);
                    break;
            }
            name = NoName;
        }
        return tree;
    }

    internal JsonTokenType Kind(int index) => rows[index].Kind;

    internal string? Name(int index) => rows[index].Name == NoName ? null : names[rows[index].Name];

    internal int End(int index) => rows[index].End;

    internal string Text(int index)
    {
        ref var row = ref rows[index];
        if (!row.Escaped)
        {
            return Encoding.UTF8.GetString(json, row.Start, row.Length);
        }
        var reader = new Utf8JsonReader(json.AsSpan(row.Start - 1, row.Length + 2));
        reader.Read();
        return reader.GetString() ?? "";
    }

    internal int? Integer(int index) =>
        Utf8Parser.TryParse(json.AsSpan(rows[index].Start, rows[index].Length), out int value, out _) ? value : null;

    private int Add(JsonTokenType kind, int name, int start, int length, bool escaped)
    {
        if (count == rows.Length)
        {
            Array.Resize(ref rows, rows.Length * 2);
        }
        rows[count] = new Row { Kind = kind, Name = name, Start = start, Length = length, End = count + 1, Escaped = escaped };
        return count++;
    }

    private int Intern(ref Utf8JsonReader reader, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, scoped Span<char> buffer)
    {
        var text = !reader.ValueIsEscaped && reader.ValueSpan.Length <= buffer.Length
            ? buffer[..Encoding.UTF8.GetChars(reader.ValueSpan, buffer)]
            : (reader.GetString() ?? "").AsSpan();
        if (!lookup.TryGetValue(text, out var id))
        {
            id = names.Count;
            var interned = text.ToString();
            names.Add(interned);
            lookup.Dictionary[interned] = id;
        }
        return id;
    }

    private struct Row
    {
        public int Name;
        public int Start;
        public int Length;
        public int End;
        public JsonTokenType Kind;
        public bool Escaped;
    }
}

/// <summary>A value of a <see cref="JsonTree"/>; the default is a value that is not there.</summary>
internal readonly struct TreeNode(JsonTree tree, int index)
{
    public bool Exists => tree is not null;

    public bool IsObject => Exists && tree.Kind(index) == JsonTokenType.StartObject;

    public bool IsArray => Exists && tree.Kind(index) == JsonTokenType.StartArray;

    /// <summary>The member of that name, or a missing node.</summary>
    public TreeNode this[string name]
    {
        get
        {
            if (IsObject)
            {
                for (var i = index + 1; i < tree.End(index); i = tree.End(i))
                {
                    if (tree.Name(i) == name)
                    {
                        return new TreeNode(tree, i);
                    }
                }
            }
            return default;
        }
    }

    public IEnumerable<(string Name, TreeNode Value)> Members
    {
        get
        {
            if (!IsObject)
            {
                yield break;
            }
            for (var i = index + 1; i < tree.End(index); i = tree.End(i))
            {
                yield return (tree.Name(i)!, new TreeNode(tree, i));
            }
        }
    }

    public IEnumerable<TreeNode> Items
    {
        get
        {
            if (!IsArray)
            {
                yield break;
            }
            for (var i = index + 1; i < tree.End(index); i = tree.End(i))
            {
                yield return new TreeNode(tree, i);
            }
        }
    }

    /// <summary>A string value, or null.</summary>
    public string? Text => Exists && tree.Kind(index) == JsonTokenType.String ? tree.Text(index) : null;

    /// <summary>An integer value, or null.</summary>
    public int? Integer => Exists && tree.Kind(index) == JsonTokenType.Number ? tree.Integer(index) : null;

    public bool IsTrue => Exists && tree.Kind(index) == JsonTokenType.True;
}
