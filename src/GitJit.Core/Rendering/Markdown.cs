using System.Text;

namespace GitJit.Core.Rendering;

/// <summary>Escaping for untrusted text placed in GitHub-flavoured Markdown (PR comments, check-run summaries).</summary>
public static class Markdown
{
    /// <summary>A time as every comment, plan and message writes it: <c>2026-11-28 14:00:00 UTC</c>.</summary>
    public static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Escapes Markdown and HTML syntax, folds line breaks, and defuses <c>@</c> so a value can never mention
    /// (and notify) a user or team.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r' or '\n' or '\t':
                    builder.Append(' ');
                    break;
                case '@':
                    builder.Append("&#64;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Inline code that cannot be broken out of: backticks and line breaks become safe look-alikes.</summary>
    public static string Code(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = new string([.. text.Select(c => c == '`' ? '\'' : char.IsControl(c) ? ' ' : c)]);
        return $"`{cleaned}`";
    }
}
