using System.Runtime.InteropServices;

namespace GitJit.Gateway.Sql.Native;

/// <summary>What libpg_query said about input it could not take: its message, and where (1-based, in characters).</summary>
internal sealed record ParserError(string Message, int CursorPosition);

/// <summary>A libpg_query answer copied into managed memory: a value, or the parser's error.</summary>
internal readonly record struct NativeResult<T>(T? Value, ParserError? Error) where T : class;

/// <summary>
/// libpg_query's calls, each copying what it needs out of the native result (UTF-8 bytes as they are) and freeing
/// that result whatever happens. Input is NUL-terminated UTF-8. Callers run these on a parser thread only, but for
/// <see cref="Scan"/>: the scanner does not recurse, so its stack use does not grow with its input.
/// </summary>
internal static unsafe class PgQuery
{
    /// <summary>The parse tree as JSON (UTF-8).</summary>
    public static NativeResult<byte[]> Parse(byte[] input)
    {
        RequireTerminated(input);
        PgQueryParseResult result;
        fixed (byte* text = input)
        {
            result = PgQueryNative.Parse(text);
        }
        try
        {
            return result.Error != IntPtr.Zero ? new(null, ErrorOf(result.Error)) : new(Bytes(result.ParseTree), null);
        }
        finally
        {
            PgQueryNative.FreeParseResult(result);
        }
    }

    /// <summary>The text with the constants the parse tree holds replaced by <c>$n</c> (UTF-8).</summary>
    public static NativeResult<byte[]> Normalize(byte[] input)
    {
        RequireTerminated(input);
        PgQueryNormalizeResult result;
        fixed (byte* text = input)
        {
            result = PgQueryNative.Normalize(text);
        }
        try
        {
            return result.Error != IntPtr.Zero ? new(null, ErrorOf(result.Error)) : new(Bytes(result.NormalizedQuery), null);
        }
        finally
        {
            PgQueryNative.FreeNormalizeResult(result);
        }
    }

    /// <summary>The statement's fingerprint as libpg_query writes it: 16 lower-case hexadecimal digits.</summary>
    public static NativeResult<string> Fingerprint(byte[] input)
    {
        RequireTerminated(input);
        PgQueryFingerprintResult result;
        fixed (byte* text = input)
        {
            result = PgQueryNative.Fingerprint(text);
        }
        try
        {
            return result.Error != IntPtr.Zero
                ? new(null, ErrorOf(result.Error))
                : new(Marshal.PtrToStringUTF8(result.FingerprintText) ?? "", null);
        }
        finally
        {
            PgQueryNative.FreeFingerprintResult(result);
        }
    }

    /// <summary>The scanner's tokens, as libpg_query's protobuf <c>ScanResult</c>.</summary>
    public static NativeResult<byte[]> Scan(byte[] input)
    {
        RequireTerminated(input);
        PgQueryScanResult result;
        fixed (byte* text = input)
        {
            result = PgQueryNative.Scan(text);
        }
        try
        {
            if (result.Error != IntPtr.Zero)
            {
                return new(null, ErrorOf(result.Error));
            }
            var tokens = result.Tokens.Data == IntPtr.Zero
                ? []
                : new ReadOnlySpan<byte>((void*)result.Tokens.Data, checked((int)result.Tokens.Length)).ToArray();
            return new(tokens, null);
        }
        finally
        {
            PgQueryNative.FreeScanResult(result);
        }
    }

    private static ParserError ErrorOf(IntPtr error)
    {
        var native = (PgQueryError*)error;
        return new ParserError(Marshal.PtrToStringUTF8(native->Message) ?? "", native->CursorPosition);
    }

    private static byte[] Bytes(IntPtr text) =>
        text == IntPtr.Zero ? [] : MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)text).ToArray();

    private static void RequireTerminated(byte[] input)
    {
        if (input.Length == 0 || input[^1] != 0)
        {
            throw new ArgumentException("libpg_query's input must end with a NUL byte", nameof(input));
        }
    }
}
