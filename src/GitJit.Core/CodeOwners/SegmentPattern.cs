namespace GitJit.Core.CodeOwners;

/// <summary>What one element of a compiled <see cref="PathPattern"/> stands for.</summary>
internal enum SegmentKind
{
    /// <summary>A name compared ordinally (CODEOWNERS paths are case-sensitive).</summary>
    Literal,

    /// <summary>A name with <c>*</c> (any run of characters) or <c>?</c> (one character); neither crosses a <c>/</c>.</summary>
    Glob,

    /// <summary>Exactly one path segment, whatever its name.</summary>
    AnySegment,

    /// <summary><c>**</c>: zero or more whole path segments.</summary>
    AnySegments,
}

/// <summary>
/// One <c>/</c>-separated piece of a CODEOWNERS pattern, with backslash escapes resolved:
/// an escaped character is always literal, so <c>\*</c> matches a star and <c>\ </c> a space.
/// </summary>
internal sealed class SegmentPattern
{
    private readonly string text;
    private readonly bool[] wildcard;

    private SegmentPattern(SegmentKind kind, string text, bool[] wildcard)
    {
        Kind = kind;
        this.text = text;
        this.wildcard = wildcard;
    }

    public static SegmentPattern AnySegment { get; } = new(SegmentKind.AnySegment, "", []);

    public static SegmentPattern AnySegments { get; } = new(SegmentKind.AnySegments, "", []);

    public SegmentKind Kind { get; }

    /// <summary>The name a <see cref="SegmentKind.Literal"/> segment must equal.</summary>
    public string Literal => text;

    /// <summary>True for a segment that is a single unescaped <c>*</c>.</summary>
    public bool IsLoneStar => Kind == SegmentKind.Glob && text == "*";

    /// <summary>
    /// For a glob whose characters after the last wildcard contain a dot (<c>*.js</c>, <c>app-*.min.js</c>),
    /// the extension every matching name ends with (<c>.js</c>); otherwise null.
    /// </summary>
    public string? Extension
    {
        get
        {
            if (Kind != SegmentKind.Glob) return null;
            var tail = text.AsSpan(Array.LastIndexOf(wildcard, true) + 1);
            var dot = tail.LastIndexOf('.');
            return dot < 0 ? null : tail[dot..].ToString();
        }
    }

    /// <summary>Parses one segment as written, escapes included; it contains no unescaped <c>/</c>.</summary>
    public static SegmentPattern Parse(ReadOnlySpan<char> written)
    {
        var characters = new System.Text.StringBuilder(written.Length);
        var wild = new List<bool>(written.Length);
        for (var i = 0; i < written.Length; i++)
        {
            var c = written[i];
            var escaped = c == '\\' && i + 1 < written.Length;
            if (escaped) c = written[++i];
            characters.Append(c);
            wild.Add(!escaped && c is '*' or '?');
        }

        var text = characters.ToString();
        if (text.Length >= 2 && wild.TrueForAll(w => w) && !text.Contains('?', StringComparison.Ordinal))
        {
            return AnySegments;
        }
        return wild.Contains(true) ? new(SegmentKind.Glob, text, [.. wild]) : new(SegmentKind.Literal, text, []);
    }

    public bool Matches(ReadOnlySpan<char> name) => Kind switch
    {
        SegmentKind.Literal => name.SequenceEqual(text),
        SegmentKind.Glob => GlobMatches(name),
        _ => true,
    };

    private bool GlobMatches(ReadOnlySpan<char> name)
    {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < text.Length && wildcard[p] && text[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (p < text.Length && (wildcard[p] || text[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < text.Length && wildcard[p] && text[p] == '*') p++;
        return p == text.Length;
    }
}
