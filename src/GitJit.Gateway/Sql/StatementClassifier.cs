using System.ComponentModel.DataAnnotations;
using GitJit.Gateway.Sql.Native;
using GitJit.Gateway.Sql.Reading;

namespace GitJit.Gateway.Sql;

/// <summary>
/// Reads query strings with PostgreSQL's own parser (libpg_query 15, through P/Invoke) into what each statement does
/// (<see cref="ClassifyAsync"/>), and into text fit for a log (<see cref="NormalizeAsync"/>). A classification is a
/// pure function of the text, kept by exact text in a bounded cache. Every libpg_query call runs on one of a few
/// parser threads whose stacks hold the deepest tree the largest statement allowed can make, so no input can crash
/// the process; longer input and NUL characters are refused before the parser sees them.
/// </summary>
/// <remarks>
/// The parser reads UTF-8 with <c>standard_conforming_strings</c> on, as a PostgreSQL session does by default; the
/// gateway keeps every session that way (the judge refuses changing either), so the server reads what was judged.
/// </remarks>
public sealed class StatementClassifier : IDisposable
{
    /// <summary>A thread that parsed more than this is replaced, giving back the stack pages a deep tree touched.</summary>
    private const int RecycleAboveBytes = 64 * 1024;

    private readonly ParserThreads threads;
    private readonly ClassificationCache cache;

    /// <summary>Starts the parser threads.</summary>
    /// <exception cref="ValidationException">An option is out of its range.</exception>
    /// <exception cref="DllNotFoundException">libpg_query (Debian's <c>libpg-query1504.0</c>) is not installed.</exception>
    public StatementClassifier(StatementClassifierOptions? options = null)
    {
        Options = options ?? new StatementClassifierOptions();
        Validator.ValidateObject(Options, new ValidationContext(Options), validateAllProperties: true);
        PgQueryNative.EnsureLoaded();
        cache = new ClassificationCache(Options.CacheEntries, Options.CacheableLength);
        threads = new ParserThreads(Options.ParserThreads, Options.ParserStackBytes, Options.QueueCapacity, RecycleAboveBytes);
    }

    public StatementClassifierOptions Options { get; }

    /// <summary>What each statement of <paramref name="sql"/> does, or why it could not be read.</summary>
    public ValueTask<Classification> ClassifyAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return cache.TryGet(sql, out var cached) ? ValueTask.FromResult(cached) : ClassifyUncachedAsync(sql, cancellationToken);
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

    private async ValueTask<Classification> ClassifyUncachedAsync(string sql, CancellationToken cancellationToken)
    {
        var classification = StatementText.Encode(sql, Options.MaxStatementBytes, out var problem) is { } input
            ? await threads.RunAsync(() => Classify(input), input.Length, cancellationToken).ConfigureAwait(false)
            : Classification.Refused(problem!);
        cache.Add(sql, classification);
        return classification;
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
