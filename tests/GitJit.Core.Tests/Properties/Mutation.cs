using System.Text;
using CsCheck;

namespace GitJit.Core.Tests.Properties;

/// <summary>
/// One change to a valid file, of the kinds a hurried edit, a bad merge or an attacker makes: a YAML token inserted or
/// put in place of a character, a span deleted or repeated, a byte flipped (which may break UTF-8).
/// </summary>
internal sealed record Mutation(int Kind, double At, int Token, int Length)
{
    /// <summary>Tokens that change what YAML, JSON or a reader makes of the text around them.</summary>
    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", "\"", "'", ":", ": ", "- ", "-", "&a ", "*a", "!!str ", "!x ", "\t", "\n", "\r\n", "#", "|", "|-\n", "> ", "---\n", "...\n",
        "%YAML 1.2\n", "%TAG ! tag:x:\n", "\\", "\\u", "\u200D", "\u202E", "\uFEFF", "\0", "\r", "  ", "    ", "? ", ",", "@", "`", "%", "<<: ", "~",
        "null", "true", "0x1F", "1e999", "-0", ".inf", "2h", "999999999999h", "*", "**", "!", "/", "..", "[]", "{}", "\"\\", "'\\'",
    ];

    public static Gen<Mutation> Gen { get; } = CsCheck.Gen.Select(CsCheck.Gen.Int[0, 4], CsCheck.Gen.Double[0, 1], CsCheck.Gen.Int[0, Tokens.Length - 1], CsCheck.Gen.Int[1, 40],
        (kind, at, token, length) => new Mutation(kind, at, token, length));

    public static byte[] ApplyAll(string text, IEnumerable<Mutation> mutations) =>
        mutations.Aggregate(Encoding.UTF8.GetBytes(text), (bytes, mutation) => mutation.Apply(bytes));

    public byte[] Apply(byte[] bytes)
    {
        var at = (int)(At * bytes.Length);
        var token = Encoding.UTF8.GetBytes(Tokens[Token]);
        var length = Math.Min(Length, bytes.Length - at);
        return Kind switch
        {
            0 => [.. bytes[..at], .. token, .. bytes[at..]],
            1 => [.. bytes[..at], .. bytes[(at + length)..]],
            2 => at < bytes.Length ? [.. bytes[..at], .. token, .. bytes[(at + 1)..]] : [.. bytes, .. token],
            3 => [.. bytes[..(at + length)], .. bytes[at..]],
            _ => at < bytes.Length ? [.. bytes[..at], (byte)(bytes[at] ^ (1 << (Length % 8))), .. bytes[(at + 1)..]] : bytes,
        };
    }

    public override string ToString() => $"{(Kind switch { 0 => "insert", 1 => "delete", 2 => "replace with", 3 => "repeat", _ => "flip a bit" })} {Tokens[Token].Replace("\n", "\\n", StringComparison.Ordinal)} at {At:F3} ({Length})";
}
