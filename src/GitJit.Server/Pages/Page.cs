using GitJit.Server.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Pages;

/// <summary>
/// The frame of every page (title, who is signed in, one stylesheet and one script from this server), its headers
/// (never cached, never framed, no script but our own), and the anti-forgery token every action carries.
/// </summary>
public static class Page
{
    public const string AntiforgeryField = "__gitjit_csrf";
    public const string AntiforgeryHeader = "X-GitJit-CSRF";

    /// <summary>Headers for every response: never cached, never framed, no script or style but this server's (Hangfire's dashboard excepted).</summary>
    public static IApplicationBuilder UseGitJitPageHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        // As ASP.NET's anti-forgery wants them on every page with a form (it would otherwise override them, and warn).
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Hangfire's dashboard has inline scripts and styles of its own; it still may not be framed.
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/hangfire", StringComparison.OrdinalIgnoreCase)
            ? "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
            : "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return next(context);
    });

    public static IResult Html(HttpContext context, int status, string title, Markup body)
    {
        ArgumentNullException.ThrowIfNull(context);
        var viewer = Viewer.From(context.User, context.RequestServices.GetRequiredService<Admins>());
        var account = viewer is null
            ? Markup.Empty
            : Pages.Html.Tag("div",
                Pages.Html.Tag("span", "Signed in as ") + Pages.Html.Tag("strong", "@" + viewer.Login) + (viewer.IsAdmin ? Pages.Html.Tag("span", " (admin)") : Markup.Empty)
                + Pages.Html.PostButton("/signout", Token(context), "Sign out", "link"),
                ("class", "account"));
        var notice = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.Notice is { Length: > 0 } text
            ? Pages.Html.Tag("div", text, ("class", "site-notice"), ("role", "note"))
            : Markup.Empty;
        var page = Markup.Trusted("<!doctype html>")
            + Pages.Html.Tag("html",
                Pages.Html.Tag("head",
                    Pages.Html.Void("meta", ("charset", "utf-8"))
                    + Pages.Html.Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
                    + Pages.Html.Tag("title", title + " · GitJit")
                    + Pages.Html.Void("link", ("rel", "stylesheet"), ("href", Assets.StylesheetPath))
                    + Pages.Html.Tag("script", Markup.Empty, ("src", Assets.ScriptPath), ("defer", "")))
                + Pages.Html.Tag("body",
                    notice
                    + Pages.Html.Tag("header", Pages.Html.Tag("a", "GitJit", ("href", "/grants"), ("class", "brand")) + account)
                    + Pages.Html.Tag("main", Pages.Html.Tag("h1", title) + body)),
                ("lang", "en"));
        return Results.Content(page.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A page saying why, with <paramref name="status"/>.</summary>
    public static IResult Problem(HttpContext context, int status, string title, string message) =>
        Html(context, status, title, Pages.Html.P(message));

    /// <summary>The request token for this viewer's forms (the matching cookie is set with the response).</summary>
    public static string Token(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!;
    }

    /// <summary>The request token for a response already under way (a live stream): the cookie was set by the page that opened it.</summary>
    public static string ExistingToken(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<IAntiforgery>().GetTokens(context).RequestToken!;
    }

    /// <summary>Null when the request carries this viewer's anti-forgery token; otherwise the 400 page to answer with.</summary>
    public static async Task<IResult?> RefuseForgeryAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsHttps && context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy == CookieSecurePolicy.Always)
        {
            return Problem(context, StatusCodes.Status400BadRequest, "HTTPS only",
                "GitJit takes forms only over HTTPS here (GitJit:PublicUrl is https). Open the page at its https:// address and try again.");
        }
        if (!context.Request.HasFormContentType && !context.Request.Headers.ContainsKey(AntiforgeryHeader))
        {
            return Problem(context, StatusCodes.Status400BadRequest, "Not a form", "GitJit's pages post HTML forms; this request held something else.");
        }
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Problem(context, StatusCodes.Status400BadRequest, "Form expired",
                "This form did not come from your current GitJit page (or it expired). Reload the page and try again.");
        }
    }
}
