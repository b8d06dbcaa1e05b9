using System.Text;
using System.Text.RegularExpressions;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>
/// A server-rendered page: the sandbox banner, who is signed in, then the body. Everything that is not the page's own markup
/// goes through <see cref="Text"/> (HTML-encoded); no script, no outside resource.
/// </summary>
internal sealed partial class HtmlPage
{
    public const string Banner = "Sandbox: a local stand-in for GitHub. Nothing here reaches github.com.";

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:0;color:#1f2328}main{max-width:980px;margin:0 auto;padding:1rem}"
        + ".banner{background:#fff8c5;border-bottom:1px solid #d4a72c;padding:.5rem 1rem;font-weight:600}"
        + "header{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;background:#f6f8fa;border-bottom:1px solid #d0d7de}"
        + "pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.5rem;border:1px solid #d0d7de;border-radius:6px}"
        + "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}"
        + ".box{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;margin:.75rem 0}.muted{color:#59636e}"
        + ".success{color:#1a7f37}.failure{color:#d1242f}.neutral{color:#59636e}form.inline{display:inline}"
        + "label{display:block;margin-top:.5rem}input[type=text],textarea,select{width:100%;max-width:40rem;box-sizing:border-box}"
        + ".alert{background:#ffebe9;border:1px solid #ff8182;padding:.5rem 1rem;border-radius:6px}";

    private readonly StringBuilder html = new();
    private readonly PageVisitor visitor;

    public HtmlPage(PageVisitor visitor) => this.visitor = visitor;

    public PageVisitor Visitor => visitor;

    /// <summary>Encodes what HTML gives meaning to (and control characters); other letters stay readable in the source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    public HtmlPage Text(string? text)
    {
        html.Append(Encode(text));
        return this;
    }

    /// <summary>The page's own markup; never anything typed or stored.</summary>
    public HtmlPage Markup(string markup)
    {
        html.Append(markup);
        return this;
    }

    public HtmlPage Element(string tag, string? text, string? cssClass = null)
    {
        html.Append('<').Append(tag);
        if (cssClass is not null) html.Append(" class=\"").Append(cssClass).Append('"');
        html.Append('>').Append(Encode(text)).Append("</").Append(tag).Append('>');
        return this;
    }

    public HtmlPage Link(string href, string? text)
    {
        html.Append("<a href=\"").Append(Encode(href)).Append("\">").Append(Encode(text)).Append("</a>");
        return this;
    }

    /// <summary>Preformatted text, encoded: how comments, summaries and files are shown.</summary>
    public HtmlPage Pre(string? text) => Element("pre", text);

    /// <summary>
    /// Preformatted text, encoded, whose http(s) addresses are links (a bot's comment links the grant's page): only the
    /// address's characters are ever inside an href, and nothing else becomes markup.
    /// </summary>
    public HtmlPage PreWithLinks(string? text)
    {
        text ??= "";
        html.Append("<pre>");
        var at = 0;
        foreach (Match address in Address().Matches(text))
        {
            html.Append(Encode(text[at..address.Index]));
            Link(address.Value, address.Value);
            at = address.Index + address.Length;
        }
        html.Append(Encode(text[at..])).Append("</pre>");
        return this;
    }

    [GeneratedRegex(@"https?://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Address();

    /// <summary>Opens a POST form to <paramref name="action"/> with the visitor's form token; close it with <see cref="EndForm"/>.</summary>
    public HtmlPage Form(string action, string? cssClass = null)
    {
        html.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append('"');
        if (cssClass is not null) html.Append(" class=\"").Append(cssClass).Append('"');
        html.Append('>');
        if (visitor.FormToken is { } token) Hidden(PageSessions.FormTokenField, token);
        return this;
    }

    public HtmlPage EndForm() => Markup("</form>");

    public HtmlPage Hidden(string name, string value)
    {
        html.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
        return this;
    }

    public HtmlPage Field(string name, string label, string? value = null, bool required = false, string? hint = null)
    {
        html.Append("<label for=\"").Append(name).Append("\">").Append(Encode(label));
        if (hint is not null) html.Append(" <span class=\"muted\">").Append(Encode(hint)).Append("</span>");
        html.Append("</label><input type=\"text\" id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" value=\"").Append(Encode(value)).Append('"');
        if (required) html.Append(" required");
        html.Append('>');
        return this;
    }

    public HtmlPage TextArea(string name, string label, string? value = null, int rows = 4, bool required = false)
    {
        html.Append("<label for=\"").Append(name).Append("\">").Append(Encode(label)).Append("</label><textarea id=\"").Append(name)
            .Append("\" name=\"").Append(name).Append("\" rows=\"").Append(rows).Append('"');
        if (required) html.Append(" required");
        html.Append('>').Append(Encode(value)).Append("</textarea>");
        return this;
    }

    public HtmlPage Button(string text, string? name = null, string? value = null, bool disabled = false)
    {
        html.Append("<button type=\"submit\"");
        if (name is not null) html.Append(" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append('"');
        if (disabled) html.Append(" disabled");
        html.Append('>').Append(Encode(text)).Append("</button> ");
        return this;
    }

    public IResult Render(string title, int statusCode = StatusCodes.Status200OK)
    {
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(Encode(title)).Append(" · Sandbox GitHub</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<div class=\"banner\" role=\"note\">").Append(Encode(Banner)).Append("</div><header><a href=\"/\">Sandbox GitHub</a><span>");
        if (visitor.Login is { } login)
        {
            page.Append("Signed in as <strong>").Append(Encode(login)).Append("</strong> <form method=\"post\" action=\"/sandbox/sign-out\" class=\"inline\">")
                .Append("<input type=\"hidden\" name=\"").Append(PageSessions.FormTokenField).Append("\" value=\"").Append(Encode(visitor.FormToken)).Append("\">")
                .Append("<button type=\"submit\">Sign out</button></form>");
        }
        else
        {
            page.Append("Not signed in: choose a person to act as on the <a href=\"/\">home page</a>.");
        }
        page.Append("</span></header><main><h1>").Append(Encode(title)).Append("</h1>").Append(html).Append("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}
