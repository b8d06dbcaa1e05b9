using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// The fake's two HTML pages: the sign-in form of the web flow (a field labelled "Username or email address", buttons
/// "Sign in" and "Cancel") and an error page.
/// </summary>
internal static class OAuthPages
{
    private const string ContentType = "text/html; charset=utf-8";

    public static IResult SignIn(AuthorizeRequest request, string? problem)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in to GitHub · GitHub</title></head><body><main>")
            .Append("<h1>Sign in to GitHub</h1><p>to continue to <strong>").Append(Encode(request.App.Slug)).Append("</strong></p>");
        if (problem is not null) html.Append("<p role=\"alert\">").Append(Encode(problem)).Append("</p>");
        html.Append("<form method=\"post\" action=\"/login/oauth/authorize\">");
        Hidden(html, "client_id", request.App.ClientId);
        Hidden(html, "redirect_uri", request.RedirectUri);
        Hidden(html, "state", request.State);
        Hidden(html, "code_challenge", request.CodeChallenge);
        Hidden(html, "code_challenge_method", request.CodeChallenge is null ? null : "S256");
        html.Append("<label for=\"login_field\">Username or email address</label> ")
            .Append("<input type=\"text\" id=\"login_field\" name=\"login\" autocomplete=\"username\" autofocus value=\"")
            .Append(Encode(request.LoginHint ?? "")).Append("\"> ")
            .Append("<button type=\"submit\" name=\"authorize\" value=\"1\">Sign in</button> ")
            .Append("<button type=\"submit\" name=\"authorize\" value=\"0\">Cancel</button>")
            .Append("</form></main></body></html>");
        return Results.Content(html.ToString(), ContentType, Encoding.UTF8, StatusCodes.Status200OK);
    }

    public static IResult Error(int status, string title, string message) =>
        Results.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)} · GitHub</title></head>"
            + $"<body><main><h1>{Encode(title)}</h1><p>{Encode(message)}</p></main></body></html>",
            ContentType,
            Encoding.UTF8,
            status);

    private static void Hidden(StringBuilder html, string name, string? value)
    {
        if (value is null) return;
        html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(Encode(value)).Append("\">");
    }

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
