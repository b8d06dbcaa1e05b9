using System.Globalization;
using System.Text;

namespace GitJit.Core;

/// <summary>Safe quoting of untrusted text for messages.</summary>
public static class Text
{
    /// <summary>
    /// Quotes a value taken from a hostile file: at most <paramref name="maxLength"/> characters,
    /// control and format characters (terminal escapes, bidi overrides) shown as <c>\u…</c> escapes.
    /// </summary>
    public static string Quote(string value, int maxLength = 64)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 8).Append('\'');
        var shown = 0;
        foreach (var c in value)
        {
            if (shown == maxLength)
            {
                builder.Append('…');
                break;
            }
            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
            shown++;
        }
        return builder.Append('\'').ToString();
    }

    /// <summary>Joins names for a message: "a, b and c".</summary>
    public static string List(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var all = items.ToList();
        return all.Count switch
        {
            0 => "none",
            1 => all[0],
            _ => string.Join(", ", all.Take(all.Count - 1)) + " and " + all[^1],
        };
    }
}
