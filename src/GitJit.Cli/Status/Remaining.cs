using System.Globalization;

namespace GitJit.Cli.Status;

/// <summary>Time left, the short way a person reads it: <c>in 2d3h</c>, <c>in 1h12m</c>, <c>in 5m</c>, <c>in 40s</c> (rounded down).</summary>
public static class Remaining
{
    public static string Format(TimeSpan left)
    {
        if (left <= TimeSpan.Zero) return "now";
        static string N(double value) => ((long)value).ToString(CultureInfo.InvariantCulture);
        if (left.TotalDays >= 1) return $"in {N(left.TotalDays)}d" + (left.Hours > 0 ? $"{N(left.Hours)}h" : "");
        if (left.TotalHours >= 1) return $"in {N(left.TotalHours)}h" + (left.Minutes > 0 ? $"{N(left.Minutes)}m" : "");
        return left.TotalMinutes >= 1 ? $"in {N(left.TotalMinutes)}m" : $"in {N(left.TotalSeconds)}s";
    }
}
