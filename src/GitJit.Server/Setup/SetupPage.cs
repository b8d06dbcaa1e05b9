using GitJit.Server.Pages;

namespace GitJit.Server.Setup;

/// <summary>The frame of the setup pages: GitJit's stylesheet, no account (nobody can sign in before the App exists).</summary>
internal static class SetupPage
{
    public static IResult Html(int status, string title, Markup body)
    {
        var page = Markup.Trusted("<!doctype html>")
            + Pages.Html.Tag("html",
                Pages.Html.Tag("head",
                    Pages.Html.Void("meta", ("charset", "utf-8"))
                    + Pages.Html.Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
                    + Pages.Html.Tag("title", title + " · GitJit")
                    + Pages.Html.Void("link", ("rel", "stylesheet"), ("href", Assets.StylesheetPath)))
                + Pages.Html.Tag("body",
                    Pages.Html.Tag("header", Pages.Html.Tag("span", "GitJit", ("class", "brand")))
                    + Pages.Html.Tag("main", Pages.Html.Tag("h1", title) + body)),
                ("lang", "en"));
        return Results.Content(page.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    public static IResult Problem(int status, string title, Markup message) => Html(status, title, Pages.Html.P(message));

    public static Markup List(IEnumerable<string> items) => Pages.Html.Tag("ul", Pages.Html.Join(items.Select(i => Pages.Html.Tag("li", Pages.Html.Code(i)))));
}
