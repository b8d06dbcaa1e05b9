using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// The fake's pages for creating an App from a manifest (a confirmation: "Create GitHub App for &lt;owner&gt;") and
/// for installing one ("Install &lt;name&gt;": the accounts it may go on, and an "Install" button).
/// </summary>
internal static class ManifestPages
{
    private const string ContentType = "text/html; charset=utf-8";

    public static IResult Confirm(string action, string manifestJson, AppManifest manifest, string owner)
    {
        var html = Start("Create GitHub App")
            .Append("<h1>Create GitHub App for ").Append(Encode(owner)).Append("</h1>")
            .Append("<dl><dt>Name</dt><dd>").Append(Encode(manifest.Name)).Append("</dd>")
            .Append("<dt>Homepage</dt><dd>").Append(Encode(manifest.Url.ToString())).Append("</dd>")
            .Append("<dt>Webhook</dt><dd>").Append(Encode(manifest.WebhookUrl?.ToString() ?? "none")).Append("</dd>")
            .Append("<dt>Permissions</dt><dd><ul>");
        foreach (var (permission, level) in manifest.Permissions) html.Append("<li>").Append(Encode($"{permission}: {level}")).Append("</li>");
        html.Append("</ul></dd><dt>Events</dt><dd><ul>");
        foreach (var @event in manifest.Events) html.Append("<li>").Append(Encode(@event)).Append("</li>");
        html.Append("</ul></dd></dl>")
            .Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\">")
            .Append("<input type=\"hidden\" name=\"manifest\" value=\"").Append(Encode(manifestJson)).Append("\">")
            .Append("<button type=\"submit\" name=\"confirm\" value=\"1\">Create GitHub App for ").Append(Encode(owner)).Append("</button>")
            .Append("</form>");
        return End(html, StatusCodes.Status200OK);
    }

    public static IResult Install(FakeApp app, IReadOnlyList<string> accounts)
    {
        var html = Start("Install " + app.Registration.Name)
            .Append("<h1>Install ").Append(Encode(app.Registration.Name)).Append("</h1>")
            .Append("<form method=\"post\" action=\"/apps/").Append(Encode(app.Slug)).Append("/installations/new\">")
            .Append("<label for=\"account\">Where do you want to install ").Append(Encode(app.Registration.Name)).Append("?</label> ")
            .Append("<select id=\"account\" name=\"account\">");
        foreach (var account in accounts) html.Append("<option>").Append(Encode(account)).Append("</option>");
        html.Append("</select> <button type=\"submit\">Install</button></form>");
        return End(html, StatusCodes.Status200OK);
    }

    public static IResult Installed(FakeApp app, string account) =>
        End(Start("Installed").Append("<h1>").Append(Encode(app.Registration.Name)).Append(" is installed on ").Append(Encode(account)).Append("</h1>"), StatusCodes.Status200OK);

    /// <summary>GitHub's page for a manifest it refuses: 422 and each problem.</summary>
    public static IResult Invalid(IReadOnlyList<string> problems)
    {
        var html = Start("Invalid GitHub App manifest").Append("<h1>Invalid GitHub App manifest</h1><ul>");
        foreach (var problem in problems) html.Append("<li role=\"alert\">").Append(Encode(problem)).Append("</li>");
        return End(html.Append("</ul>"), StatusCodes.Status422UnprocessableEntity);
    }

    private static StringBuilder Start(string title) =>
        new StringBuilder().Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(title)).Append(" · GitHub</title></head><body><main>");

    private static IResult End(StringBuilder html, int status) =>
        Results.Content(html.Append("</main></body></html>").ToString(), ContentType, Encoding.UTF8, status);

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
