using System.Text.RegularExpressions;

namespace GitJit.Core;

/// <summary>
/// A regular expression written in an access repository (a schema's <c>pattern</c> or <c>patternProperties</c> key,
/// a policy's <c>ticketPattern</c>), matched in bounded time whatever it says. Every match has a deadline,
/// <see cref="MatchTimeout"/>. It first runs on .NET's backtracking engine, which is cheap to build; when a match misses
/// the deadline, the pattern moves for good to the linear-time engine (<see cref="RegexOptions.NonBacktracking"/>),
/// where nothing can backtrack catastrophically, and that match is answered there. A pattern the linear engine cannot
/// run (lookarounds, backreferences, atomic groups, or an automaton too large) gets a second try; missing the deadline
/// twice makes it too slow for good: it is not run again, so it costs two deadlines once, not one per document. On the
/// linear engine a missed deadline (a busy machine) leaves only that value unanswered, never the pattern.
/// Options are .NET's defaults, culture-invariant. Safe to share between threads.
/// </summary>
public sealed class BoundedPattern
{
    /// <summary>
    /// The deadline of one match, 100 ms: sane patterns take microseconds on an access file's values. A match that a
    /// busy machine merely delays past it is answered again on the linear engine, not refused.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private const RegexOptions Options = RegexOptions.CultureInvariant;

    private readonly Regex backtracking;
    private Regex? linear;
    private volatile bool tooSlow;

    private BoundedPattern(string text, Regex backtracking)
    {
        Text = text;
        this.backtracking = backtracking;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>True once the pattern has moved to the linear-time engine.</summary>
    public bool IsLinear => Volatile.Read(ref linear) is not null;

    /// <summary>True once the pattern has missed its deadline where no linear engine could take over: it is not run again.</summary>
    public bool IsTooSlow => tooSlow;

    /// <summary>
    /// Compiles <paramref name="text"/>; with <paramref name="wholeValue"/>, it must match a value from its first
    /// character to its last.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="text"/> is not a regular expression; its message says why and where, without the text (which is
    /// hostile: quote it with <see cref="Text.Quote"/>).
    /// </exception>
    public static BoundedPattern Create(string text, bool wholeValue = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            // Parsed alone first, so that wrapping it cannot change its meaning: "a)|(b" is refused, not anchored halfway.
            var regex = new Regex(text, Options, MatchTimeout);
            if (wholeValue) regex = new Regex($"^(?:{text})\\z", Options, MatchTimeout);
            return new BoundedPattern(text, regex);
        }
        catch (RegexParseException e)
        {
            // The runtime's message repeats the pattern verbatim, invisible and control characters included.
            throw new ArgumentException($"{Words(e.Error.ToString())} at offset {e.Offset}", e);
        }
    }

    /// <summary><c>ReversedCharacterRange</c> as "reversed character range".</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : " ") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>Matches <paramref name="value"/> (anywhere in it, unless the pattern was made for whole values).</summary>
    public PatternMatch Match(string value)
    {
        if (tooSlow) return PatternMatch.TooSlow;
        var engine = Volatile.Read(ref linear) ?? backtracking;
        if (TryMatch(engine, value) is { } answer) return answer;
        if (engine == backtracking)
        {
            // Only the backtracking engine can run it: one more try, so that a machine too busy to run it once is no verdict.
            engine = Linear() ?? backtracking;
            if (TryMatch(engine, value) is { } second) return second;
            if (engine == backtracking)
            {
                tooSlow = true;
                return PatternMatch.TooSlow;
            }
        }
        // The linear engine's time grows with the value, not the pattern: a missed deadline there is a busy machine (a
        // garbage collection, a throttled container). One more try, then this value alone is unanswered; never for good.
        return TryMatch(engine, value) ?? PatternMatch.TooSlow;
    }

    private static PatternMatch? TryMatch(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value) ? PatternMatch.Match : PatternMatch.NoMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The pattern on the linear-time engine, built once; null when that engine cannot run it.</summary>
    private Regex? Linear()
    {
        if (Volatile.Read(ref linear) is { } built) return built;
        Regex regex;
        try
        {
            regex = new Regex(backtracking.ToString(), Options | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        // Its first match builds its state and, first in a process, compiles the engine's code: not on the deadline's time.
        TryMatch(regex, "");
        return Interlocked.CompareExchange(ref linear, regex, null) ?? regex;
    }
}
