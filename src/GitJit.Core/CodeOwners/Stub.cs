// TEMPORARY stand-in until the codeowners branch merges; deleted then.
namespace GitJit.Core.CodeOwners;

public enum OwnerKind { User, Team, Email }

public sealed record Owner(OwnerKind Kind, string Name);

public sealed record CodeOwnersRule(int Line, string Pattern, IReadOnlyList<Owner> Owners);

public sealed class CodeOwnersFile
{
    public const int MaxBytes = 3 * 1024 * 1024;

    public static IReadOnlyList<string> Locations { get; } = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

    public static CodeOwnersFile None { get; } = new();

    public string? Path { get; private init; }

    public IReadOnlyList<CodeOwnersRule> Rules { get; private init; } = [];

    public IReadOnlyList<Finding> Findings { get; private init; } = [];

    public static CodeOwnersFile Parse(string path, ReadOnlySpan<byte> content) => Parse(path, System.Text.Encoding.UTF8.GetString(content));

    public static CodeOwnersFile Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new List<CodeOwnersRule>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0].StartsWith('#')) continue;
            rules.Add(new CodeOwnersRule(i + 1, parts[0], [.. parts.Skip(1).TakeWhile(p => !p.StartsWith('#')).Select(o => o.Contains('@', StringComparison.Ordinal) && !o.StartsWith('@') ? new Owner(OwnerKind.Email, o) : new Owner(o.Contains('/', StringComparison.Ordinal) ? OwnerKind.Team : OwnerKind.User, o.TrimStart('@')))]));
        }
        return new CodeOwnersFile { Path = path, Rules = rules };
    }

    public CodeOwnersRule? Match(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Rules.LastOrDefault(r => r.Pattern == "*" || ("/" + path).StartsWith(r.Pattern, StringComparison.Ordinal));
    }

    public IReadOnlyList<Owner> OwnersOf(string path) => Match(path)?.Owners ?? [];
}
