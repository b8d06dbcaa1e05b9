using System.Globalization;
using System.Text;

namespace GitJit.Benchmarks;

/// <summary>Writes durations the ways people do: 45m, 90m, 1h30m, 2h, 1d, or ISO-8601 such as PT2H and P1D.</summary>
internal static class Durations
{
    public const int Day = 24 * 60;

    /// <summary>Lengths of access people ask for, in minutes.</summary>
    public static readonly int[] RequestMinutes = [15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, Day, 2 * Day, 3 * Day, 7 * Day];

    /// <summary>Statement timeouts, in seconds.</summary>
    public static readonly int[] TimeoutSeconds = [5, 10, 15, 30, 45, 60, 90, 120, 300, 600, 900, 1800];

    public static string Minutes(int minutes, Random random) => random.Next(12) switch
    {
        0 => Iso(minutes),
        1 when minutes < Day && minutes % 60 != 0 => Invariant($"{minutes}m"),
        _ => Compact(minutes),
    };

    public static string Seconds(int seconds) =>
        seconds % 60 == 0 ? Invariant($"{seconds / 60}m") : Invariant($"{seconds}s");

    private static string Compact(int minutes)
    {
        var text = new StringBuilder();
        Append(text, minutes / Day, 'd');
        Append(text, minutes % Day / 60, 'h');
        Append(text, minutes % 60, 'm');
        return text.ToString();
    }

    private static string Iso(int minutes)
    {
        var text = new StringBuilder("P");
        Append(text, minutes / Day, 'D');
        if (minutes % Day != 0)
        {
            text.Append('T');
            Append(text, minutes % Day / 60, 'H');
            Append(text, minutes % 60, 'M');
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, int value, char unit)
    {
        if (value > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value}{unit}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
