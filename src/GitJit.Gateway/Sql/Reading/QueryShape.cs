using System.Text;
using GitJit.Gateway.Sql.Native;

namespace GitJit.Gateway.Sql.Reading;

/// <summary>
/// The shape of a one-statement query string, read by PostgreSQL's own scanner: its bytes with every constant
/// replaced by a mark of the constant's kind and every comment by another mark. Two strings of one shape differ only
/// in their constants' values and their comments, so the grammar sees the same tokens and builds the same tree from
/// both, up to those values: whatever the classifier reads without looking at a value is the same for both (see
/// <see cref="IsShapeOnly"/>). The marks start with NUL, which no query string holds, so no text is mistaken for one.
/// </summary>
/// <param name="Key">The shape, one character per byte.</param>
/// <param name="StatementBytes">Where the statement ends: before its semicolon, or at the end of the string.</param>
internal readonly record struct QueryShape(string Key, int StatementBytes)
{
    private const int Semicolon = ';';

    /// <summary>
    /// The shape of <paramref name="input"/> (NUL-terminated UTF-8), or null when it is not one statement with at most
    /// a semicolon and comments after it, when a token's extent is not known, or when it holds a Unicode-escaped name
    /// or string. The scanner is flat (it does not recurse), so this runs on any thread.
    /// </summary>
    public static QueryShape? Of(byte[] input)
    {
        var scanned = PgQuery.Scan(input);
        if (scanned.Value is null)
        {
            return null;
        }
        var length = input.Length - 1;
        var key = new byte[length + 8];
        var (written, at, end) = (0, 0, -1);
        foreach (var token in ScanTokens.Decode(scanned.Value))
        {
            if (token.End <= token.Start || token.Start < at || token.End > length
                || token.Token is ScanTokens.UnicodeIdentifier or ScanTokens.UnicodeStringConstant or ScanTokens.UnicodeEscapeKeyword)
            {
                // U&"…" and U&'…' are read with the escape character UESCAPE gives, a constant: U&"!0063ustomers_pii"
                // names customers_pii with UESCAPE '!' and another table without. Such a string is read on its own.
                return null;
            }
            var mark = Mark(token.Token);
            if (mark == 0)
            {
                if (end >= 0)
                {
                    // A token after the semicolon: a second statement (or an empty one).
                    return null;
                }
                if (token.Token == Semicolon)
                {
                    end = token.Start;
                }
                continue;
            }
            Append(ref key, ref written, input.AsSpan(at, token.Start - at));
            Append(ref key, ref written, [0, mark]);
            at = token.End;
        }
        Append(ref key, ref written, input.AsSpan(at, length - at));
        return new QueryShape(Encoding.Latin1.GetString(key, 0, written), end >= 0 ? end : length);
    }

    /// <summary>
    /// Whether <paramref name="statement"/>, read from a string of some shape, is what the classifier reads from every
    /// string of that shape: a plain query or DML statement, which the classifier reads by its tree alone. Every
    /// statement whose classification looks at a constant's value (<c>set_config</c>'s setting name, EXPLAIN's
    /// options, a transaction's READ WRITE) or names something by a string (COPY's file, PREPARE and EXECUTE) is read
    /// from its own text each time.
    /// </summary>
    public static bool IsShapeOnly(ClassifiedStatement statement) =>
        statement.Kind is StatementKind.Select or StatementKind.Insert or StatementKind.Update or StatementKind.Delete or StatementKind.Merge
        && statement.Settings.Count == 0 && statement.Copy is null && statement.PreparedName is null
        && !statement.RunsUnreadCode && !statement.TwoPhaseCommit && statement.Executes;

    /// <summary>The mark of a constant or comment token, 0 for any other.</summary>
    private static byte Mark(int token) => token switch
    {
        ScanTokens.FloatConstant => (byte)'f',
        ScanTokens.StringConstant => (byte)'s',
        ScanTokens.BitStringConstant => (byte)'b',
        ScanTokens.HexStringConstant => (byte)'x',
        ScanTokens.IntegerConstant => (byte)'i',
        ScanTokens.LineComment or ScanTokens.BlockComment => (byte)'c',
        _ => 0,
    };

    private static void Append(ref byte[] key, ref int written, ReadOnlySpan<byte> bytes)
    {
        if (written + bytes.Length > key.Length)
        {
            Array.Resize(ref key, Math.Max(key.Length * 2, written + bytes.Length));
        }
        bytes.CopyTo(key.AsSpan(written));
        written += bytes.Length;
    }
}
