using System.Runtime.InteropServices;

namespace GitJit.Gateway.Sql.Native;

// libpg_query's result structs (pg_query.h, 15-4.x), marshalled by hand: pointers stay IntPtr and are read as
// UTF-8 by PgQuery, and every result goes back to its pg_query_free_* function.

[StructLayout(LayoutKind.Sequential)]
internal struct PgQueryError
{
    public IntPtr Message;
    public IntPtr FunctionName;
    public IntPtr FileName;
    public int LineNumber;
    public int CursorPosition;
    public IntPtr Context;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PgQueryParseResult
{
    public IntPtr ParseTree;
    public IntPtr StderrBuffer;
    public IntPtr Error;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PgQueryNormalizeResult
{
    public IntPtr NormalizedQuery;
    public IntPtr Error;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PgQueryFingerprintResult
{
    public ulong Fingerprint;
    public IntPtr FingerprintText;
    public IntPtr StderrBuffer;
    public IntPtr Error;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PgQueryProtobuf
{
    public nuint Length;
    public IntPtr Data;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PgQueryScanResult
{
    public PgQueryProtobuf Tokens;
    public IntPtr StderrBuffer;
    public IntPtr Error;
}
