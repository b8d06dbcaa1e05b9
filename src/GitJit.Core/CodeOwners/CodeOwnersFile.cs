using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace GitJit.Core.CodeOwners;

/// <summary>
/// A CODEOWNERS file read the way GitHub reads it: each valid line is a <see cref="CodeOwnersRule"/>, the last
/// rule matching a path decides its owners, and a rule without owners leaves the path unowned. Lines GitHub
/// skips (<c>!</c> negation, <c>[ ]</c> ranges, invalid owners) are reported in <see cref="Findings"/> with their
/// line and column and are not rules, so every other line still works. Instances are immutable and thread-safe.
/// <para>Patterns follow gitignore, as GitHub documents: paths are case-sensitive; <c>*</c> and <c>?</c> never
/// cross a <c>/</c>; <c>**</c> spans directories; a pattern without a slash (or with only a trailing one) matches
/// at any depth, a leading or middle slash anchors it to the root; a name owns the file or the whole directory
/// it matches; a trailing <c>/</c> matches only directories; and, unlike gitignore, a trailing lone <c>*</c>
/// matches one level only (<c>docs/*</c> owns <c>docs/a.md</c>, not <c>docs/sub/b.md</c>).</para>
/// <para>Judgment calls where GitHub's documentation is silent, following hmarr/codeowners (checked against
/// GitHub), git and GitHub's error messages:</para>
/// <list type="bullet">
/// <item>a backslash makes the next pattern character literal (<c>\ </c>, <c>\*</c>, <c>\[</c>, and <c>\#</c> inside
/// a pattern), except that a pattern starting with <c>\#</c> is reported (<c>codeowners.escaped-hash</c>) and
/// skipped, since GitHub documents that this escape does not work;</item>
/// <item>a <c>#</c> starts a comment only at the start of a token; lines may be indented;</item>
/// <item>a final <c>*.md</c> (not a lone star) also owns what lies beneath a directory it names, as in gitignore;
/// a segment of three or more stars is <c>**</c>, as in git;</item>
/// <item>the pattern <c>/</c> is reported (<c>codeowners.matches-nothing</c>), as GitHub's error list does;</item>
/// <item>a line that is only an owner (<c>@acme/security</c>) is kept as the owner-less pattern GitHub sees, with a
/// <c>codeowners.no-pattern</c> warning;</item>
/// <item>a file of exactly <see cref="MaxBytes"/> loads (GitHub refuses files "over" the limit); a UTF-8
/// byte-order mark and <c>\r\n</c> line endings are accepted.</item>
/// </list>
/// </summary>
public sealed class CodeOwnersFile
{
    /// <summary>GitHub does not load a CODEOWNERS file larger than this (3 MiB); such a file has no rules.</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    private readonly RuleIndex index;

    private CodeOwnersFile(string? path, CodeOwnersRule[] rules, PathPattern[] patterns, List<Finding> findings)
    {
        Path = path;
        Rules = rules.AsReadOnly();
        Findings = findings.AsReadOnly();
        index = new RuleIndex(patterns);
    }

    /// <summary>Where GitHub looks for CODEOWNERS, in order; the first file that exists is the only one used.</summary>
    public static IReadOnlyList<string> Locations { get; } = Array.AsReadOnly([".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]);

    /// <summary>No CODEOWNERS file: every path is unowned.</summary>
    public static CodeOwnersFile None { get; } = new(null, [], [], []);

    /// <summary>The repository path of the file read, or null for <see cref="None"/>.</summary>
    public string? Path { get; }

    /// <summary>The valid lines, in file order.</summary>
    public IReadOnlyList<CodeOwnersRule> Rules { get; }

    /// <summary>Problems found, in line order; an empty list means GitHub would accept every line.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Reads a file's bytes: it must be UTF-8 (a byte-order mark is allowed) and at most <see cref="MaxBytes"/>.</summary>
    public static CodeOwnersFile Parse(string path, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (content.Length > MaxBytes) return TooLarge(path);
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) content = content[3..];

        var characters = new char[content.Length];
        var status = Utf8.ToUtf16(content, characters, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var line = content[..read].Count((byte)'\n') + 1;
            return Refused(path, Finding.Error(path, new(line, 1), "codeowners.encoding", "the file is not valid UTF-8; GitHub cannot read it"));
        }
        return Read(path, new string(characters, 0, written));
    }

    /// <summary>Reads a file's text; the size limit applies to its UTF-8 encoding.</summary>
    public static CodeOwnersFile Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var size = Encoding.UTF8.GetByteCount(text);
        return size > MaxBytes ? TooLarge(path) : Read(path, text.StartsWith('\uFEFF') ? text[1..] : text);
    }

    /// <summary>
    /// The last rule matching <paramref name="path"/>, a repository-relative file path with <c>/</c> separators
    /// (leading slashes are ignored); null when no rule matches.
    /// </summary>
    public CodeOwnersRule? Match(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var found = index.FindLast(path.AsSpan().TrimStart('/'));
        return found < 0 ? null : Rules[found];
    }

    /// <summary>The owners of <paramref name="path"/>: empty when no rule matches or the last match has no owners.</summary>
    public IReadOnlyList<Owner> OwnersOf(string path) => Match(path)?.Owners ?? [];

    private static CodeOwnersFile Read(string path, string text)
    {
        var rules = new List<CodeOwnersRule>();
        var patterns = new List<PathPattern>();
        var findings = new List<Finding>();
        var number = 0;
        for (var start = 0; start <= text.Length;)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(start, end - start).TrimEnd('\r').ToString();
            if (CodeOwnersLine.Read(path, ++number, line, findings) is var (rule, pattern))
            {
                rules.Add(rule);
                patterns.Add(pattern);
            }
            start = end + 1;
        }
        return new(path, [.. rules], [.. patterns], findings);
    }

    private static CodeOwnersFile TooLarge(string path) => Refused(path, Finding.Error(path, SourcePosition.File,
        "codeowners.too-large", $"the file is over {MaxBytes:N0} bytes, the most GitHub loads for CODEOWNERS, so nothing is owned"));

    private static CodeOwnersFile Refused(string path, Finding finding) => new(path, [], [], [finding]);
}
