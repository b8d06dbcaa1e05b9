using System.ComponentModel.DataAnnotations;
using System.Text;
using GitJit.Gateway.Sql.Native;
using GitJit.Gateway.Sql.Reading;

namespace GitJit.Gateway.Sql;

/// <summary>
/// Reads query strings with PostgreSQL's own parser (libpg_query 15, through P/Invoke) into what each statement does
/// (<see cref="ClassifyAsync"/>), and into text fit for a log (<see cref="NormalizeAsync"/>). A classification is a
/// pure function of the text, kept by exact text in a bounded cache. Every libpg_query call that builds a parse tree
/// runs on one of a few parser threads whose stacks hold the deepest tree the largest statement allowed can make, so
/// no input can crash the process; longer input and NUL characters are refused before the parser sees them.
/// </summary>
/// <remarks>
/// Most query strings a session sends differ from one it sent before only in their values (<c>… where id = 42</c>).
/// <see cref="ReadAsync"/> keeps what it read by the string's shape too (its text with constants and comments marked
/// by the scanner, <see cref="QueryShape"/>), for the statements the classifier reads without looking at any value:
/// such a string costs one scan, on the caller's thread, instead of three parses on a parser thread.
/// <para>
/// The parser reads UTF-8 with <c>standard_conforming_strings</c> on, as a PostgreSQL session does by default; the
/// gateway keeps every session that way (the judge refuses changing either), so the server reads what was judged.
/// </para>
/// </remarks>
public sealed class StatementClassifier : IDisposable
{
    /// <summary>A thread that parsed more than this is replaced, giving back the stack pages a deep tree touched.</summary>
    private const int RecycleAboveBytes = 64 * 1024;

    private readonly ParserThreads threads;
    private readonly TextCache<ReadQuery> cache;
    private readonly TextCache<(ClassifiedStatement Statement, NormalizedQuery Normalized)> shapes;
    private long shapeHits;

    /// <summary>Starts the parser threads.</summary>
    /// <exception cref="ValidationException">An option is out of its range.</exception>
    /// <exception cref="DllNotFoundException">libpg_query (Debian's <c>libpg-query1504.0</c>) is not installed.</exception>
    public StatementClassifier(StatementClassifierOptions? options = null)
    {
        Options = options ?? new StatementClassifierOptions();
        Validator.ValidateObject(Options, new ValidationContext(Options), validateAllProperties: true);
        PgQueryNative.EnsureLoaded();
        cache = new TextCache<ReadQuery>(Options.CacheEntries, Options.CacheableLength);
        shapes = new(Options.CacheEntries, Options.CacheableLength);
        threads = new ParserThreads(Options.ParserThreads, Options.ParserStackBytes, Options.QueueCapacity, RecycleAboveBytes);
    }

    public StatementClassifierOptions Options { get; }

    /// <summary>Query strings read from the cache of shapes (for tests and benchmarks).</summary>
    internal long ShapeHits => Interlocked.Read(ref shapeHits);

    /// <summary>What each statement of <paramref name="sql"/> does, or why it could not be read.</summary>
    public async ValueTask<Classification> ClassifyAsync(string sql, CancellationToken cancellationToken = default) =>
        (await ReadAsync(sql, cancellationToken).ConfigureAwait(false)).Classification;

    /// <summary>What each statement of <paramref name="sql"/> does, and its normalized text when it is one statement.</summary>
    public ValueTask<ReadQuery> ReadAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (cache.TryGet(sql, out var cached))
        {
            return ValueTask.FromResult(cached);
        }
        if (StatementText.Encode(sql, Options.MaxStatementBytes, out var problem) is not { } input)
        {
            var refused = new ReadQuery(Classification.Refused(problem!), null);
            cache.Add(sql, refused);
            return ValueTask.FromResult(refused);
        }
        var shape = sql.Length <= Options.CacheableLength && Options.CacheEntries > 0 ? QueryShape.Of(input) : null;
        if (shape is { } known && shapes.TryGet(known.Key, out var same))
        {
            Interlocked.Increment(ref shapeHits);
            var length = Encoding.UTF8.GetCharCount(input, 0, known.StatementBytes);
            var statement = same.Statement.Length == length ? same.Statement : same.Statement with { Length = length };
            var read = new ReadQuery(Classification.Of([statement]), same.Normalized);
            cache.Add(sql, read);
            return ValueTask.FromResult(read);
        }
        return ReadUncachedAsync(sql, input, shape, cancellationToken);
    }

    /// <summary><paramref name="sql"/> without its literal values and comments, and its fingerprint.</summary>
    public async ValueTask<NormalizedQuery> NormalizeAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (StatementText.Encode(sql, Options.MaxStatementBytes, out var problem) is not { } input)
        {
            return new NormalizedQuery(null, null, problem);
        }
        return await threads.RunAsync(() => Normalize(input), input.Length, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => threads.Dispose();

    private async ValueTask<ReadQuery> ReadUncachedAsync(string sql, byte[] input, QueryShape? shape, CancellationToken cancellationToken)
    {
        var read = await threads.RunAsync(() => Read(sql, input, Options.MaxStatementBytes), input.Length, cancellationToken).ConfigureAwait(false);
        cache.Add(sql, read);
        if (shape is { } known && read is { Classification.Statements: [var only], Normalized: { Problem: null } normalized }
            && QueryShape.IsShapeOnly(only) && only.Start == 0 && only.Length == Encoding.UTF8.GetCharCount(input, 0, known.StatementBytes))
        {
            shapes.Add(known.Key, (only, normalized));
        }
        return read;
    }

    private static ReadQuery Read(string sql, byte[] input, int maxBytes)
    {
        var classification = Classify(input);
        if (classification.Statements is not [var only])
        {
            return new ReadQuery(classification, null);
        }
        var text = only.TextIn(sql);
        var normalized = ReferenceEquals(text, sql) ? Normalize(input)
            : StatementText.Encode(text, maxBytes, out var problem) is { } own ? Normalize(own) : new NormalizedQuery(null, null, problem);
        return new ReadQuery(classification, normalized);
    }

    private static Classification Classify(byte[] input)
    {
        var parsed = PgQuery.Parse(input);
        return parsed.Error is { } error
            ? Classification.Refused(ParserMessages.Problem(error))
            : Classification.Of(ParseTreeReader.Read(parsed.Value!, input));
    }

    private static NormalizedQuery Normalize(byte[] input)
    {
        var normalized = PgQuery.Normalize(input);
        if (normalized.Error is { } error)
        {
            return new NormalizedQuery(null, null, ParserMessages.Problem(error));
        }
        var fingerprint = PgQuery.Fingerprint(input);
        return fingerprint.Error is { } fingerprintError
            ? new NormalizedQuery(null, null, ParserMessages.Problem(fingerprintError))
            : new NormalizedQuery(LiteralScrubber.Scrub(normalized.Value!), fingerprint.Value);
    }
}
