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
        var tokens = ScanTokens.Decode(scanned.Value);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.End <= token.Start || token.Start < at || token.End > length
                || token.Token is ScanTokens.UnicodeIdentifier or ScanTokens.UnicodeStringConstant or ScanTokens.UnicodeEscapeKeyword)
            {
                // U&"…" and U&'…' are read with the escape character UESCAPE gives, a constant: U&"!0063ustomers_pii"
                // names customers_pii with UESCAPE '!' and another table without. Such a string is read on its own.
                return null;
            }
            var mark = token.Token == ScanTokens.IntegerConstant && IsReadAsStructure(tokens, i) ? (byte)0 : Mark(token.Token);
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

    /// <summary>
    /// Whether the grammar reads the integer at <paramref name="index"/> as part of the tree's shape rather than into a
    /// constant: the precision of <c>float(p)</c>, which picks float4 or float8 and is refused below 1 or above 53 (so
    /// <c>float(0)</c> is a syntax error where <c>float(10)</c> is not); an array bound (<c>int[3]</c>) and the
    /// precision of <c>current_timestamp(p)</c>, <c>current_time(p)</c>, <c>localtime(p)</c> and
    /// <c>localtimestamp(p)</c>, which the nodes (and so the fingerprint) hold as plain numbers. Such an integer stays in
    /// the shape as it is written; comments around it are looked through.
    /// </summary>
    private static bool IsReadAsStructure(IReadOnlyList<ScanToken> tokens, int index)
    {
        var before = Beside(tokens, index, -1);
        var after = Beside(tokens, index, 1);
        return (Kind(tokens, before), Kind(tokens, after)) switch
        {
            ('[', ']') => true,
            ('(', ')') => Kind(tokens, Beside(tokens, before, -1)) is ScanTokens.FloatKeyword
                or ScanTokens.CurrentTimeKeyword or ScanTokens.CurrentTimestampKeyword or ScanTokens.LocalTimeKeyword or ScanTokens.LocalTimestampKeyword,
            _ => false,
        };
    }

    /// <summary>The index of the next token that is no comment in <paramref name="step"/>'s direction, or -1.</summary>
    private static int Beside(IReadOnlyList<ScanToken> tokens, int index, int step)
    {
        for (var i = index + step; i >= 0 && i < tokens.Count; i += step)
        {
            if (tokens[i].Token is not (ScanTokens.LineComment or ScanTokens.BlockComment))
            {
                return i;
            }
        }
        return -1;
    }

    private static int Kind(IReadOnlyList<ScanToken> tokens, int index) => index >= 0 ? tokens[index].Token : 0;

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
