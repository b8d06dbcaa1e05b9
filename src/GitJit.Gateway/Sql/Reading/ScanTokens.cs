namespace GitJit.Gateway.Sql.Reading;

/// <summary>One token of libpg_query's scanner: its byte range in the text and PostgreSQL's token number.</summary>
internal readonly record struct ScanToken(int Start, int End, int Token);

/// <summary>
/// libpg_query's <c>ScanResult</c> protobuf (<c>pg_query.proto</c>: <c>repeated ScanToken tokens = 2</c>, each
/// <c>int32 start = 1; int32 end = 2; Token token = 4;</c>), decoded by hand: varints and length-delimited fields only.
/// </summary>
internal static class ScanTokens
{
    public const int UnicodeIdentifier = 259;
    public const int FloatConstant = 260;
    public const int StringConstant = 261;
    public const int UnicodeStringConstant = 262;
    public const int BitStringConstant = 263;
    public const int HexStringConstant = 264;
    public const int IntegerConstant = 266;
    public const int Parameter = 267;
    public const int LineComment = 275;
    public const int BlockComment = 276;
    public const int CurrentTimeKeyword = 363;
    public const int CurrentTimestampKeyword = 364;
    public const int FloatKeyword = 422;
    public const int LocalTimeKeyword = 495;
    public const int LocalTimestampKeyword = 496;
    public const int UnicodeEscapeKeyword = 685;

    public static IReadOnlyList<ScanToken> Decode(ReadOnlySpan<byte> scanResult)
    {
        var tokens = new List<ScanToken>();
        var at = 0;
        while (at < scanResult.Length)
        {
            var (field, wire) = Key(scanResult, ref at);
            if (field == 2 && wire == 2)
            {
                var length = checked((int)Varint(scanResult, ref at));
                tokens.Add(Token(scanResult.Slice(at, length)));
                at += length;
            }
            else
            {
                Skip(scanResult, ref at, wire);
            }
        }
        return tokens;
    }

    private static ScanToken Token(ReadOnlySpan<byte> message)
    {
        var (start, end, token) = (0, 0, 0);
        var at = 0;
        while (at < message.Length)
        {
            var (field, wire) = Key(message, ref at);
            if (wire != 0)
            {
                Skip(message, ref at, wire);
                continue;
            }
            var value = (int)Varint(message, ref at);
            switch (field)
            {
                case 1: start = value; break;
                case 2: end = value; break;
                case 4: token = value; break;
            }
        }
        return new ScanToken(start, end, token);
    }

    private static (int Field, int Wire) Key(ReadOnlySpan<byte> data, ref int at)
    {
        var key = Varint(data, ref at);
        return ((int)(key >> 3), (int)(key & 7));
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new FormatException("libpg_query's scan result holds a malformed varint");
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int at, int wire)
    {
        switch (wire)
        {
            case 0: Varint(data, ref at); break;
            case 1: at += 8; break;
            case 2: at += checked((int)Varint(data, ref at)); break;
            case 5: at += 4; break;
            default: throw new FormatException($"libpg_query's scan result holds an unknown wire type {wire}");
        }
    }
}
