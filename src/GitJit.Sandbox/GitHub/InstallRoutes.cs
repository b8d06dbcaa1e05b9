using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Installing an App from the browser: <c>GET /apps/{slug}/installations/new</c> shows the accounts the signed-in user
/// may install it on (a private App: only its owner, the user or an organisation they belong to; a public one: the user
/// and their organisations), <c>POST</c> with <c>account</c> installs it there with the App's permissions and sends the
/// browser to the App's setup URL (<c>?installation_id=…&amp;setup_action=install</c>), or to a page saying it is installed.
/// </summary>
internal static class InstallRoutes
{
    public static void Map(IEndpointRouteBuilder web, FakeGitHubState state)
    {
        web.MapGet("/apps/{slug}/installations/new", (string slug, HttpContext context) =>
        {
            var (app, accounts, refused) = Find(state, context, slug);
            return refused ?? ManifestPages.Install(app!, accounts);
        });
        web.MapPost("/apps/{slug}/installations/new", async (string slug, HttpContext context) =>
        {
            var (app, accounts, refused) = Find(state, context, slug);
            if (refused is not null) return refused;
            if (!Pages.PageSessions.IsSameOrigin(context))
            {
                return OAuthPages.Error(StatusCodes.Status403Forbidden, "Install from this page", "An App is installed from its installation page here, not from another site.");
            }
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
            var account = accounts.FirstOrDefault(a => string.Equals(a, form?["account"], StringComparison.OrdinalIgnoreCase));
            if (account is null) return OAuthPages.Error(StatusCodes.Status422UnprocessableEntity, "Cannot install here", "This App cannot be installed on that account.");

            long id;
            lock (state.Gate) id = state.NextId();
            var installation = app!.AddInstallation(id, account);
            lock (state.Gate)
            {
                installation.Permissions.Clear();
                foreach (var (permission, level) in app.Registration.Permissions) installation.Permissions[permission] = level;
            }
            return app.Registration.SetupUrl is { } setup
                ? Results.Redirect(QueryHelpers.AddQueryString(setup.ToString(), new Dictionary<string, string?> { ["installation_id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["setup_action"] = "install" }))
                : ManifestPages.Installed(app, account);
        });
    }

    private static (FakeApp? App, IReadOnlyList<string> Accounts, IResult? Refused) Find(FakeGitHubState state, HttpContext context, string slug)
    {
        var login = BrowserSession.Login(state, context);
        if (login is null) return (null, [], OAuthPages.Error(StatusCodes.Status401Unauthorized, "Sign in to GitHub", "Sign in to GitHub to install a GitHub App."));
        lock (state.Gate)
        {
            var app = state.Apps.Values.FirstOrDefault(a => string.Equals(a.Slug, slug, StringComparison.Ordinal));
            if (app is null) return (null, [], OAuthPages.Error(StatusCodes.Status404NotFound, "Page not found", "This is not the web page you are looking for."));
            var organizations = state.Organizations.Keys.Where(o => state.IsMember(o, login));
            var accounts = new[] { login }.Concat(organizations)
                .Where(a => app.Registration.Public || string.Equals(a, app.Registration.Owner, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (accounts.Count == 0) return (null, [], OAuthPages.Error(StatusCodes.Status404NotFound, "Page not found", "This is not the web page you are looking for."));
            return (app, accounts, null);
        }
    }
}
