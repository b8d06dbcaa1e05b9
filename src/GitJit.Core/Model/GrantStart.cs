using System.Globalization;
using System.Text.RegularExpressions;

namespace GitJit.Core.Model;

/// <summary>
/// Reads a request's <c>start</c>: an ISO-8601 date and time with an explicit offset, <c>2026-12-05T09:00:00+01:00</c> or
/// <c>2026-12-05T08:00:00Z</c> (seconds and a fraction optional). A time without an offset is refused: it would mean a
/// different moment on every machine that reads it. A start may lie at most <see cref="FarthestAhead"/> after the decision.
/// </summary>
public static partial class GrantStart
{
    /// <summary>How far after the decision a start may lie.</summary>
    public static TimeSpan FarthestAhead { get; } = TimeSpan.FromDays(90);

    public static bool TryParse(string text, out DateTimeOffset start, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        start = default;
        if (!Shape().IsMatch(text))
        {
            problem = $"{Text.Quote(text)} is not a date and time with an offset; write 2026-12-05T09:00:00+01:00 or 2026-12-05T08:00:00Z";
            return false;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            problem = $"{Text.Quote(text)} is not a real date and time (or its offset is beyond ±14:00)";
            return false;
        }
        problem = "";
        return true;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
