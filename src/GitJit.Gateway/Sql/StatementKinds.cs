using System.Collections.Frozen;

namespace GitJit.Gateway.Sql;

/// <summary>The policy words of <see cref="StatementKind"/>: <c>blockedStatements</c> in <c>schemas/policy.schema.json</c>.</summary>
public static class StatementKinds
{
    private static readonly FrozenDictionary<string, StatementKind> ByWord =
        Enum.GetValues<StatementKind>().ToFrozenDictionary(Word, k => k, StringComparer.Ordinal);

    /// <summary>The kind's word: its name in lower case (<c>select</c>, <c>vacuum</c>, <c>set</c>).</summary>
    public static string Word(this StatementKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The kind a policy word names; words compare exactly, as the schema's enum does.</summary>
    public static bool TryParse(string word, out StatementKind kind) => ByWord.TryGetValue(word, out kind);

    /// <summary>The kind as a statement's keyword, for messages: <c>DELETE</c>, <c>CREATE</c>.</summary>
    public static string Keyword(this StatementKind kind) => kind.ToString().ToUpperInvariant();
}
