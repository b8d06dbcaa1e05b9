using System.Globalization;
using System.Text.Encodings.Web;

namespace GitJit.Server.Pages;

/// <summary>
/// A piece of HTML. A plain string becomes markup only encoded (<c>Markup m = "&lt;b&gt;"</c> shows the angle
/// brackets), so text from a pull request, a policy or GitHub can never become a tag; tags come only from <see cref="Html"/>.
/// </summary>
public readonly record struct Markup
{
    private readonly string? value;

    private Markup(string value) => this.value = value;

    public static Markup Empty => default;

    public static implicit operator Markup(string? text) => FromString(text);

    public static Markup operator +(Markup left, Markup right) => Add(left, right);

    /// <summary>Encodes <paramref name="text"/>.</summary>
    public static Markup FromString(string? text) => new(HtmlEncoder.Default.Encode(text ?? ""));

    public static Markup Add(Markup left, Markup right) => new(left.ToString() + right.ToString());

    /// <summary>Trusted HTML, written here: never call with anything that came from outside.</summary>
    internal static Markup Trusted(string html) => new(html);

    public override string ToString() => value ?? "";
}

/// <summary>The few tags GitJit's pages use; attributes and text are always encoded.</summary>
public static class Html
{
    public static Markup Tag(string name, Markup content, params (string Name, string? Value)[] attributes) =>
        Void(name, attributes) + content + Markup.Trusted($"</{name}>");

    /// <summary>An element with no content or end tag (<c>input</c>, <c>meta</c>); attributes whose value is null are left out.</summary>
    public static Markup Void(string name, params (string Name, string? Value)[] attributes) =>
        Markup.Trusted($"<{name}{string.Concat(attributes.Where(a => a.Value is not null).Select(a => $" {a.Name}=\"{HtmlEncoder.Default.Encode(a.Value!)}\""))}>");

    public static Markup Join(IEnumerable<Markup> parts) => parts.Aggregate(Markup.Empty, Markup.Add);

    public static Markup P(Markup content, string? @class = null) => Tag("p", content, ("class", @class));

    /// <summary>A link to a path here or an http(s) address; anything else (<c>javascript:</c> from a hostile record) is plain text.</summary>
    public static Markup Link(string href, Markup text) =>
        SignIn.IsLocal(href) || Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? Tag("a", text, ("href", href)) : text;

    public static Markup Code(string text) => Tag("code", text);

    /// <summary>A moment in UTC, which the page's script also shows in the viewer's own time zone.</summary>
    public static Markup Time(DateTimeOffset at) =>
        Tag("time", Utc(at),
            ("datetime", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), ("data-local", ""));

    /// <summary>A moment as pages write it: <c>2026-11-28 12:00:00 UTC</c>.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Time left until <paramref name="at"/>, counted down by the page's script every second; without
    /// <paramref name="now"/> the script writes the first text too (so a re-sent row is the same row).
    /// </summary>
    public static Markup Countdown(DateTimeOffset at, DateTimeOffset? now) =>
        Tag("span", now is { } from ? Left(at - from) : Markup.Empty, ("data-countdown", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)), ("class", "countdown"));

    /// <summary>"1h 02m 03s left", as the script writes it too.</summary>
    public static string Left(TimeSpan left)
    {
        if (left <= TimeSpan.Zero) return "expired";
        var seconds = (long)Math.Ceiling(left.TotalSeconds);
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return (h > 0 ? string.Create(CultureInfo.InvariantCulture, $"{h}h {m:00}m {s:00}s") : m > 0 ? string.Create(CultureInfo.InvariantCulture, $"{m}m {s:00}s") : string.Create(CultureInfo.InvariantCulture, $"{s}s")) + " left";
    }

    /// <summary>
    /// A form posting to <paramref name="action"/> with the anti-forgery token and one button; with
    /// <paramref name="confirm"/>, the page's script asks first.
    /// </summary>
    public static Markup PostButton(string action, string token, string button, string? @class = null, string? label = null, string? confirm = null) =>
        Tag("form",
            Void("input", ("type", "hidden"), ("name", Page.AntiforgeryField), ("value", token))
            + Tag("button", button, ("type", "submit"), ("class", @class), ("aria-label", label)),
            ("method", "post"), ("action", action), ("data-confirm", confirm));
}
