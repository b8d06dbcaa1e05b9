using System.Globalization;
using System.Text;
using GitJit.Gateway.Sql.Native;

namespace GitJit.Gateway.Sql.Reading;

/// <summary>
/// What <c>pg_query_normalize</c> leaves behind, taken out: it replaces the constants of the parse tree with
/// <c>$n</c> but keeps comments, and the constants of some utility statements (LOAD, ALTER SYSTEM, SECURITY LABEL,
/// CREATE DATABASE …). The scanner finds every remaining string, number and comment; strings and numbers become the
/// next <c>$n</c>, comments go. Runs on a parser thread (it calls libpg_query).
/// </summary>
internal static class LiteralScrubber
{
    public static string Scrub(byte[] normalized)
    {
        var input = new byte[normalized.Length + 1];
        normalized.CopyTo(input, 0);
        var scanned = PgQuery.Scan(input);
        if (scanned.Value is null)
        {
            // The scanner gives up only on text it cannot split into tokens; show none of it.
            return "";
        }
        var tokens = ScanTokens.Decode(scanned.Value);
        var next = NextParameter(normalized, tokens);
        var text = new StringBuilder(normalized.Length);
        var at = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var isConstant = token.Token is ScanTokens.StringConstant or ScanTokens.UnicodeStringConstant or ScanTokens.BitStringConstant
                or ScanTokens.HexStringConstant or ScanTokens.FloatConstant or ScanTokens.IntegerConstant;
            if ((!isConstant && token.Token is not (ScanTokens.LineComment or ScanTokens.BlockComment)) || token.Start < at)
            {
                continue;
            }
            // The scanner reports some tokens (U&'…') with an empty range: such a token runs to the next one.
            var end = token.End > token.Start ? token.End : i + 1 < tokens.Count ? tokens[i + 1].Start : normalized.Length;
            text.Append(Encoding.UTF8.GetString(normalized, at, token.Start - at));
            if (isConstant)
            {
                text.Append('$').Append(next++.ToString(CultureInfo.InvariantCulture));
            }
            at = end;
        }
        text.Append(Encoding.UTF8.GetString(normalized, at, normalized.Length - at));
        return text.ToString();
    }

    private static int NextParameter(byte[] normalized, IReadOnlyList<ScanToken> tokens)
    {
        var highest = 0;
        foreach (var token in tokens.Where(t => t.Token == ScanTokens.Parameter && t.End > t.Start + 1))
        {
            if (int.TryParse(normalized.AsSpan(token.Start + 1, token.End - token.Start - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                highest = Math.Max(highest, number);
            }
        }
        return highest + 1;
    }
}
