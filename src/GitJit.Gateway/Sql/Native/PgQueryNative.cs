using System.Reflection;
using System.Runtime.InteropServices;

namespace GitJit.Gateway.Sql.Native;

/// <summary>
/// libpg_query's C functions. Only <see cref="PgQuery"/> calls them, and only on a parser thread: the library's
/// stack-depth check is compiled out, so a deep parse tree overflows the calling thread's stack (SIGSEGV).
/// </summary>
internal static unsafe partial class PgQueryNative
{
    /// <summary>The soname Debian's <c>libpg-query1504.0</c> installs (it ships no unversioned <c>.so</c>).</summary>
    public const string SharedLibrary = "libpg_query.so.1504.0";

    private const string Library = "pg_query";

    static PgQueryNative() => NativeLibrary.SetDllImportResolver(typeof(PgQueryNative).Assembly, Resolve);

    /// <summary>Loads the library now, or throws <see cref="DllNotFoundException"/> saying what to install.</summary>
    public static void EnsureLoaded()
    {
        if (!NativeLibrary.TryLoad(SharedLibrary, typeof(PgQueryNative).Assembly, null, out _))
        {
            throw new DllNotFoundException(
                $"{SharedLibrary} (PostgreSQL's parser, libpg_query 15-4.x) could not be loaded; install the Debian package libpg-query1504.0.");
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library && NativeLibrary.TryLoad(SharedLibrary, assembly, searchPath, out var handle) ? handle : IntPtr.Zero;

    [LibraryImport(Library, EntryPoint = "pg_query_parse")]
    public static partial PgQueryParseResult Parse(byte* input);

    [LibraryImport(Library, EntryPoint = "pg_query_free_parse_result")]
    public static partial void FreeParseResult(PgQueryParseResult result);

    [LibraryImport(Library, EntryPoint = "pg_query_normalize")]
    public static partial PgQueryNormalizeResult Normalize(byte* input);

    [LibraryImport(Library, EntryPoint = "pg_query_free_normalize_result")]
    public static partial void FreeNormalizeResult(PgQueryNormalizeResult result);

    [LibraryImport(Library, EntryPoint = "pg_query_fingerprint")]
    public static partial PgQueryFingerprintResult Fingerprint(byte* input);

    [LibraryImport(Library, EntryPoint = "pg_query_free_fingerprint_result")]
    public static partial void FreeFingerprintResult(PgQueryFingerprintResult result);

    [LibraryImport(Library, EntryPoint = "pg_query_scan")]
    public static partial PgQueryScanResult Scan(byte* input);

    [LibraryImport(Library, EntryPoint = "pg_query_free_scan_result")]
    public static partial void FreeScanResult(PgQueryScanResult result);
}
