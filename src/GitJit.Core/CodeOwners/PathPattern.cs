namespace GitJit.Core.CodeOwners;

/// <summary>
/// A CODEOWNERS pattern compiled to a sequence of segment matchers that must match a whole path.
/// The gitignore rules GitHub follows are folded in at compile time:
/// <list type="bullet">
/// <item>a pattern with no slash, or only a trailing one, matches at any depth (a leading <c>**</c> is added);</item>
/// <item>a leading or middle slash anchors it to the repository root;</item>
/// <item>a pattern naming a file or directory also matches everything beneath it (a trailing <c>**</c> is added);</item>
/// <item>a trailing slash, or a trailing <c>/**</c>, matches only beneath a directory (one more segment is required);</item>
/// <item>a final lone <c>*</c> matches one level only, GitHub's documented exception to gitignore:
/// <c>docs/*</c> owns <c>docs/a.md</c> but not <c>docs/sub/b.md</c>. A final <c>*.md</c> is not lone and,
/// as in gitignore and hmarr/codeowners, also owns what lies beneath a directory it names.</item>
/// </list>
/// A segment of two or more stars is <c>**</c>, as in git; stars elsewhere in a segment never cross a slash.
/// </summary>
internal sealed class PathPattern
{
    private readonly SegmentPattern[] elements;

    private PathPattern(SegmentPattern[] elements) => this.elements = elements;

    /// <summary>The matchers in order; the first is <see cref="SegmentKind.AnySegments"/> for a pattern that floats to any depth.</summary>
    public ReadOnlySpan<SegmentPattern> Elements => elements;

    /// <summary>Compiles a pattern as written; null when it can match nothing at all (<c>/</c>).</summary>
    public static PathPattern? Compile(string written)
    {
        var segments = SplitOnSlashes(written);
        var leadingSlash = segments.Count > 1 && segments[0].Length == 0;
        var trailingSlash = segments.Count > 1 && segments[^1].Length == 0;
        if (leadingSlash) segments.RemoveAt(0);
        if (trailingSlash && segments.Count > 0) segments.RemoveAt(segments.Count - 1);
        if (segments.Count == 0) return null;

        var parsed = segments.ConvertAll(s => SegmentPattern.Parse(s));
        if (parsed.TrueForAll(s => s.Kind == SegmentKind.AnySegments))
        {
            // "**" owns everything; "**/" owns everything inside some directory.
            return trailingSlash
                ? new([SegmentPattern.AnySegment, SegmentPattern.AnySegment, SegmentPattern.AnySegments])
                : new([SegmentPattern.AnySegments]);
        }

        if (!leadingSlash && parsed.Count == 1) parsed.Insert(0, SegmentPattern.AnySegments);
        var descendantsOnly = trailingSlash;
        if (!trailingSlash && parsed[^1].Kind == SegmentKind.AnySegments)
        {
            parsed.RemoveAt(parsed.Count - 1);
            descendantsOnly = true;
        }

        if (descendantsOnly)
        {
            parsed.Add(SegmentPattern.AnySegment);
            parsed.Add(SegmentPattern.AnySegments);
        }
        else if (!parsed[^1].IsLoneStar)
        {
            parsed.Add(SegmentPattern.AnySegments);
        }
        return new([.. WithoutRepeatedAnySegments(parsed)]);
    }

    /// <summary>
    /// True when the pattern matches the whole path. Each <c>**</c> is tried greedily with backtracking to the
    /// latest one only, as for <c>*</c> in a glob, so a lookup costs at most elements × segments comparisons.
    /// </summary>
    public bool Matches(ReadOnlySpan<char> path, ReadOnlySpan<Range> segments)
    {
        int e = 0, s = 0, star = -1, resume = 0;
        while (s < segments.Length)
        {
            if (e < elements.Length && elements[e].Kind == SegmentKind.AnySegments)
            {
                star = e++;
                resume = s;
            }
            else if (e < elements.Length && elements[e].Matches(path[segments[s]]))
            {
                e++;
                s++;
            }
            else if (star >= 0)
            {
                e = star + 1;
                s = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (e < elements.Length && elements[e].Kind == SegmentKind.AnySegments) e++;
        return e == elements.Length;
    }

    private static List<string> SplitOnSlashes(string written)
    {
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] == '\\' && i + 1 < written.Length && written[i + 1] != '/')
            {
                current.Append(written, i++, 2);
            }
            else if (written[i] == '/' || written[i] == '\\' && i + 1 < written.Length)
            {
                // An escaped slash separates segments too: no name in a path can contain one.
                if (written[i] == '\\') i++;
                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(written[i]);
            }
        }
        segments.Add(current.ToString());
        return segments;
    }

    private static IEnumerable<SegmentPattern> WithoutRepeatedAnySegments(List<SegmentPattern> parsed)
    {
        for (var i = 0; i < parsed.Count; i++)
        {
            if (i > 0 && parsed[i].Kind == SegmentKind.AnySegments && parsed[i - 1].Kind == SegmentKind.AnySegments) continue;
            yield return parsed[i];
        }
    }
}
