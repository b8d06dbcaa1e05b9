using System.Globalization;
using System.Text.RegularExpressions;

namespace GitJit.Core.Model;

/// <summary>
/// Reads durations written as <c>90m</c>, <c>2h</c>, <c>1h30m</c>, <c>1d</c>, <c>45s</c> or ISO-8601 (<c>PT2H</c>, <c>P1DT2H</c>).
/// Zero, negative, overflowing and absurd values (over <see cref="Longest"/>) are refused with a reason.
/// </summary>
public static partial class GrantDuration
{
    /// <summary>No duration, however written, may exceed 90 days.</summary>
    public static TimeSpan Longest { get; } = TimeSpan.FromDays(90);

    public static bool TryParse(string text, out TimeSpan duration, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        var match = Compact().Match(text);
        if (!match.Success || match.Length == 0)
        {
            match = Iso().Match(text);
        }
        if (!match.Success || text is "P" or "PT" || text.EndsWith('T'))
        {
            problem = $"{Text.Quote(text)} is not a duration; write 90m, 2h, 1h30m, 1d or ISO-8601 such as PT2H";
            return false;
        }

        long seconds = 0;
        foreach (var (group, unit) in new[] { ("d", 86_400L), ("h", 3_600L), ("m", 60L), ("s", 1L) })
        {
            var value = match.Groups[group];
            if (!value.Success) continue;
            if (value.Length > 9 || !long.TryParse(value.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                problem = $"{Text.Quote(text)} is far too long; the longest is {Format(Longest)}";
                return false;
            }
            seconds += count * unit;
        }

        if (seconds <= 0)
        {
            problem = $"{Text.Quote(text)} is zero; a duration must be positive";
            return false;
        }
        if (seconds > Longest.TotalSeconds)
        {
            problem = $"{Text.Quote(text)} is far too long; the longest is {Format(Longest)}";
            return false;
        }
        duration = TimeSpan.FromSeconds(seconds);
        problem = "";
        return true;
    }

    /// <summary>Writes a duration the short way: <c>1h30m</c>, <c>2d</c>, <c>45s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return "0s";
        var parts = new List<string>(4);
        if (duration.Days > 0) parts.Add($"{duration.Days}d");
        if (duration.Hours > 0) parts.Add($"{duration.Hours}h");
        if (duration.Minutes > 0) parts.Add($"{duration.Minutes}m");
        if (duration.Seconds > 0) parts.Add($"{duration.Seconds}s");
        return string.Concat(parts);
    }

    [GeneratedRegex(@"^(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Compact();

    [GeneratedRegex(@"^P(?:(?<d>[0-9]+)D)?(?:T(?:(?<h>[0-9]+)H)?(?:(?<m>[0-9]+)M)?(?:(?<s>[0-9]+)S)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();
}
