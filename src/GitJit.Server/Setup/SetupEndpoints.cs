using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GitJit.GitHub;
using GitJit.Server.Hosting;
using GitJit.Server.Intake;
using GitJit.Server.Pages;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Setup;

/// <summary>
/// <c>/setup</c>, GitHub's App manifest flow from this server, answered only to <see cref="SetupOptions.AllowedAddresses"/>
/// (404 to anyone else) and only until an App is stored (404 after). <c>GET /setup</c>: the App's name and, optionally, the
/// organisation to own it. <c>POST /setup</c>: what will be created, and a form that posts the manifest
/// (<see cref="GitHubAppManifest"/>) to GitHub with a random <c>state</c>, also set in an HttpOnly, SameSite=Lax cookie.
/// <c>GET /setup/done?code&amp;state</c>: GitHub's return; a state that is not this browser's cookie's is refused (400),
/// otherwise the code is converted (<see cref="ManifestConversion"/>), the App stored (<see cref="StoredApp"/>), and the
/// host stopped so that the process starts again as the App.
/// </summary>
internal static partial class SetupEndpoints
{
    public const string Path = "/setup";
    public const string DonePath = "/setup/done";
    public const string StateCookie = "gitjit-setup";

    public static void MapGitJitSetup(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context, IOptions<GitJitOptions> gitJit) =>
            Refused(context) ?? Form(gitJit.Value.PublicUrl!, name: null, organization: null, problem: null));
        endpoints.MapPost(Path, StartAsync);
        endpoints.MapGet(DonePath, DoneAsync);
    }

    /// <summary>The address the App's pages live at, with a trailing slash, so that relative paths go below it.</summary>
    public static Uri Root(Uri publicUrl) => publicUrl.AbsoluteUri.EndsWith('/') ? publicUrl : new Uri(publicUrl.AbsoluteUri + "/");

    private static IResult? Refused(HttpContext context)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<SetupCompletion>().Done) return Results.NotFound();
        var networks = services.GetRequiredService<IOptions<SetupOptions>>().Value.Networks() ?? [];
        var (logger, path, address) = (Logger(context), context.Request.Path.ToString(), context.Connection.RemoteIpAddress?.ToString());
        if (!SetupOptions.Allows(networks, context.Connection.RemoteIpAddress))
        {
            SetupLog.AddressRefused(logger, path, address);
            return Results.NotFound();
        }
        var token = services.GetRequiredService<SetupToken>();
        var given = context.Request.Query["token"].ToString();
        if (token.Matches(given))
        {
            context.Response.Cookies.Append(SetupToken.Cookie, given, CookieOptions(context, services.GetRequiredService<IOptions<GitJitOptions>>().Value.PublicUrl!));
            return null;
        }
        if (token.Matches(context.Request.Cookies[SetupToken.Cookie])) return null;
        SetupLog.TokenRefused(logger, path, address);
        return Results.NotFound();
    }

    private static IResult Form(Uri publicUrl, string? name, string? organization, string? problem) =>
        SetupPage.Html(problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, "Set up GitJit on GitHub",
            Html.P("GitJit runs as a GitHub App. This creates it on GitHub with exactly the permissions and events GitJit needs, "
                + "and keeps its credentials on this server, so nothing is copied by hand.")
            + (problem is null ? Markup.Empty : Html.P(problem, "problem"))
            + Html.Tag("form",
                Html.Tag("p", Html.Tag("label", "App name", ("for", "name")) + " "
                    + Html.Void("input", ("id", "name"), ("name", "name"), ("required", ""), ("maxlength", "34"), ("value", name ?? $"GitJit ({publicUrl.Host})")))
                + Html.Tag("p", Html.Tag("label", "Organisation (recommended)", ("for", "organization")) + " "
                    + Html.Void("input", ("id", "organization"), ("name", "organization"), ("value", organization ?? "")))
                + Html.P("The App is private: it can be installed only on the account that owns it. Name the organisation whose "
                    + "access repositories GitJit will guard (you must be one of its owners), or leave it empty to create the App on your own account.", "muted")
                + Html.Tag("button", "Continue", ("type", "submit"), ("class", "primary")),
                ("method", "post"), ("action", Path)));

    private static async Task<IResult> StartAsync(HttpContext context, IOptions<GitJitOptions> gitJit, IOptions<GitHubOptions> gitHub)
    {
        if (Refused(context) is { } refused) return refused;
        var publicUrl = Root(gitJit.Value.PublicUrl!);
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
        var name = form?["name"].ToString().Trim() ?? "";
        var organization = form?["organization"].ToString().Trim() ?? "";
        if (name.Length is 0 or > 34) return Form(publicUrl, name, organization, "The App's name must be 1 to 34 characters long (GitHub's limit).");
        if (organization.Length > 0 && !GitHubLogin().IsMatch(organization)) return Form(publicUrl, name, organization, "That is not an organisation's name on GitHub.");

        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        context.Response.Cookies.Append(StateCookie, state, CookieOptions(context, gitJit.Value.PublicUrl!));
        // GitHub sends the browser back to where it came from (through an SSH tunnel, say), so that the return reaches this
        // server from the same allowed address, with the state cookie this browser was given.
        var cameFrom = new Uri($"{context.Request.Scheme}://{context.Request.Host.ToUriComponent()}/");
        var manifest = GitHubAppManifest.Json(
            name, publicUrl, new Uri(publicUrl, WebhookEndpoint.Path.TrimStart('/')), new Uri(cameFrom, DonePath.TrimStart('/')), new Uri(publicUrl, SignIn.CallbackPath.TrimStart('/')));
        var webUrl = gitHub.Value.WebUrl;
        var action = new Uri(webUrl, (organization.Length > 0 ? $"organizations/{Uri.EscapeDataString(organization)}/" : "") + "settings/apps/new?state=" + state);
        // The form goes to GitHub: allow that one other place as a form target.
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' {webUrl.GetLeftPart(UriPartial.Authority)}; frame-ancestors 'none'; base-uri 'none'";
        var (address, account) = (context.Connection.RemoteIpAddress?.ToString(), organization.Length > 0 ? organization : "the signed-in user");
        var logger = Logger(context);
        SetupLog.ManifestSent(logger, address, name, account);
        return SetupPage.Html(StatusCodes.Status200OK, "Create the App on GitHub",
            Html.Tag("dl",
                Html.Tag("dt", "Name") + Html.Tag("dd", name)
                + Html.Tag("dt", "Owner") + Html.Tag("dd", organization.Length > 0 ? "the organisation " + organization : "your GitHub account")
                + Html.Tag("dt", "Webhook") + Html.Tag("dd", Html.Code(new Uri(publicUrl, WebhookEndpoint.Path.TrimStart('/')).ToString()))
                + Html.Tag("dt", "Sign-in callback") + Html.Tag("dd", Html.Code(new Uri(publicUrl, SignIn.CallbackPath.TrimStart('/')).ToString()))
                + Html.Tag("dt", "Permissions") + Html.Tag("dd", SetupPage.List(GitHubAppManifest.Permissions.Select(p => $"{p.Key}: {p.Value}")))
                + Html.Tag("dt", "Events") + Html.Tag("dd", SetupPage.List(GitHubAppManifest.Events)))
            + Html.P("GitHub asks you to confirm, creates the App, and sends you back here; this server then stores the App's "
                + "id, private key, webhook secret and OAuth client, and starts again as the App.")
            + Html.Tag("form",
                Html.Void("input", ("type", "hidden"), ("name", "manifest"), ("value", manifest))
                + Html.Tag("button", "Create the App on GitHub", ("type", "submit"), ("class", "primary")),
                ("method", "post"), ("action", action.ToString())));
    }

    private static async Task<IResult> DoneAsync(
        HttpContext context, string? code, string? state, IOptions<GitJitOptions> gitJit, ManifestConversion conversion, SetupCompletion completion, IHostApplicationLifetime lifetime)
    {
        if (Refused(context) is { } refused) return refused;
        var logger = Logger(context);
        var address = context.Connection.RemoteIpAddress?.ToString();
        var cookie = context.Request.Cookies[StateCookie];
        if (string.IsNullOrEmpty(state) || string.IsNullOrEmpty(cookie)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(cookie)))
        {
            SetupLog.ReturnRefused(logger, address, cookie is null ? "this browser did not start the setup (no setup cookie)" : "its state is not the one this browser was given");
            return SetupPage.Problem(StatusCodes.Status400BadRequest, "Not this browser's setup",
                Html.Link(Path, "Start again at /setup") + " from this browser: this return from GitHub does not carry the state this browser was given, so nothing was stored.");
        }
        if (string.IsNullOrEmpty(code))
        {
            SetupLog.ReturnRefused(logger, address, "it carries no code");
            return SetupPage.Problem(StatusCodes.Status400BadRequest, "No code from GitHub", "GitHub's return carries no code, so nothing was stored. " + "Start again at /setup.");
        }

        await completion.Gate.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            var directory = gitJit.Value.DataDirectory;
            if (completion.Done || StoredApp.Exists(directory)) return Results.NotFound();
            var (app, problem) = await conversion.ConvertAsync(code).ConfigureAwait(false);
            if (app is null)
            {
                SetupLog.ConversionFailed(logger, problem!);
                return SetupPage.Html(StatusCodes.Status502BadGateway, "GitHub gave no credentials",
                    Html.P("GitHub did not hand over the new App's credentials: " + problem + ". Nothing was stored.")
                    + Html.P(Markup.FromString("A code works once and for one hour. If GitHub created the App, delete it in its settings on GitHub, then ")
                        + Html.Link(Path, "start again at /setup") + "."));
            }

            var stored = new StoredApp(app.Id, app.Slug, app.Name, app.Owner?.Login ?? "", app.HtmlUrl, app.ClientId, app.ClientSecret, app.WebhookSecret);
            try
            {
                stored.Write(directory, app.Pem);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SetupLog.AppNotStored(logger, app.Id, app.Slug, directory, e.GetType().Name + ": " + e.Message);
                return SetupPage.Problem(StatusCodes.Status500InternalServerError, "Could not store the App",
                    $"GitHub created the App {app.Name} (id {app.Id.ToString(CultureInfo.InvariantCulture)}), but it could not be written to {directory} (GitJit:DataDirectory). "
                    + "Make the directory writable for GitJit, delete the App on GitHub, and start again at /setup.");
            }

            completion.MarkDone();
            context.RequestServices.GetRequiredService<SetupToken>().Delete();
            context.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = Path });
            SetupLog.AppStored(logger, app.Id, app.Slug, stored.Owner, directory);
            // Once this page is sent, stop: Program starts the server again, now as the App.
            context.Response.OnCompleted(() =>
            {
                completion.RequestRestart();
                lifetime.StopApplication();
                return Task.CompletedTask;
            });
            return SetupPage.Html(StatusCodes.Status200OK, "GitJit is now the GitHub App " + app.Name,
                Html.P(Markup.FromString("GitHub created the App ") + Html.Link(app.HtmlUrl, app.Name)
                    + $" (id {app.Id.ToString(CultureInfo.InvariantCulture)}, owned by {stored.Owner}). Its private key, webhook secret and OAuth client are stored in "
                    + Html.Code(directory) + " (" + Html.Code(StoredApp.FileName) + ", " + Html.Code(StoredApp.KeyFileName) + ", readable by this server's user only). "
                    + "GitJit starts again as the App in a moment; /setup is gone.")
                + Html.P(Html.Link(app.HtmlUrl.TrimEnd('/') + "/installations/new", "Install it on an organisation"))
                + Html.P("Then set GitJit:Admins to the GitHub logins of GitJit's admins, and protect each access repository's granting "
                    + "branch, requiring the gitjit check (docs/configuration.md)."));
        }
        finally
        {
            completion.Gate.Release();
        }
    }

    private static CookieOptions CookieOptions(HttpContext context, Uri publicUrl) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        // As the browser came (https behind a TLS proxy; http through an SSH tunnel to loopback), or it is not sent back.
        Secure = context.Request.IsHttps,
        Path = Path,
        MaxAge = TimeSpan.FromHours(1),
        IsEssential = true,
    };

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GitJit.Server.Setup");

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")]
    private static partial Regex GitHubLogin();
}
