using System.Text.RegularExpressions;

namespace GitJit.Benchmarks;

/// <summary>Writes YAML scalars plain where that is safe and double-quoted otherwise.</summary>
internal static partial class YamlText
{
    public static string Scalar(string value) =>
        Plain().IsMatch(value) && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A flow list such as <c>[select, update]</c>; items are identifiers that need no quotes.</summary>
    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    public static string Bool(bool value) => value ? "true" : "false";

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9 ._/'(),;-]*[A-Za-z0-9.)]$")]
    private static partial Regex Plain();
}
