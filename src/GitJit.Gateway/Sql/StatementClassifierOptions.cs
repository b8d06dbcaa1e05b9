using System.ComponentModel.DataAnnotations;

namespace GitJit.Gateway.Sql;

/// <summary>
/// How <see cref="StatementClassifier"/> runs libpg_query. Ranges are checked when the classifier is made.
/// Each parser thread gets <see cref="ParserStackBytes"/> of stack: a parse tree can be as deep as its text is long
/// (<c>1+1+1…</c> is one level per two bytes), and libpg_query does not check its depth, so the stack must hold the
/// deepest tree the largest statement allowed can make.
/// </summary>
public sealed record StatementClassifierOptions
{
    /// <summary>
    /// Stack per byte of the largest statement. The deepest shape measured is a two-byte left-associative operator
    /// (<c>1+1+…</c>, <c>1*1*…</c>: one level per two bytes); pg_query_normalize needs the most stack for it, 385 bytes
    /// per level, 193 per byte (parsing needs 128 per level): 512 is 2.6 times that.
    /// </summary>
    public const int StackBytesPerStatementByte = 512;

    /// <summary>The least stack a parser thread gets.</summary>
    public const int MinimumParserStackBytes = 64 * 1024 * 1024;

    /// <summary>Longest query string parsed, in UTF-8 bytes; longer ones are refused. Default 256 KiB, 1 KiB to 1 MiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxStatementBytes { get; init; } = 256 * 1024;

    /// <summary>Threads that run libpg_query, and so the most parses at once. Default 2, 1 to 16.</summary>
    [Range(1, 16)]
    public int ParserThreads { get; init; } = 2;

    /// <summary>Query strings waiting for a parser thread before callers wait to queue. Default 1024, 1 to 65536.</summary>
    [Range(1, 65536)]
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Classifications kept by exact text. Default 4096, 0 (none) to 1,000,000.</summary>
    [Range(0, 1_000_000)]
    public int CacheEntries { get; init; } = 4096;

    /// <summary>Longest query string (in characters) whose classification is kept. Default 8192, 0 to 65536.</summary>
    [Range(0, 65536)]
    public int CacheableLength { get; init; } = 8192;

    /// <summary>The stack each parser thread gets: <see cref="StackBytesPerStatementByte"/> per byte of <see cref="MaxStatementBytes"/>, at least <see cref="MinimumParserStackBytes"/>.</summary>
    public int ParserStackBytes => Math.Max(MinimumParserStackBytes, MaxStatementBytes * StackBytesPerStatementByte);
}
