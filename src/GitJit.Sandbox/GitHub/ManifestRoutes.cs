using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GitHub's App manifest flow. The browser posts a form with a <c>manifest</c> field to <c>/settings/apps/new?state=…</c>
/// (an App owned by the signed-in user) or <c>/organizations/{org}/settings/apps/new?state=…</c> (owned by an
/// organisation the user belongs to); a bad manifest gets a 422 page listing its problems, a signed-out browser a 401
/// page. A good one gets a confirmation page whose "Create GitHub App" button posts it again with <c>confirm=1</c>: then
/// the App is registered (fresh id, key, OAuth client, webhook secret; the manifest's permissions, events and webhook)
/// and the browser is sent to <c>redirect_url?code=…&amp;state=…</c>. <c>POST /app-manifests/{code}/conversions</c>
/// (no authentication) exchanges the code, once and within an hour, for the App with its secrets: 201; an unknown or
/// used code gets 404, an expired one 422.
/// </summary>
internal static class ManifestRoutes
{
    public static void Map(IEndpointRouteBuilder web, IEndpointRouteBuilder api, FakeGitHubState state)
    {
        web.MapPost("/settings/apps/new", (Func<HttpContext, Task<IResult>>)(context => NewAsync(context, state, organization: null)));
        web.MapPost("/organizations/{org}/settings/apps/new", (string org, HttpContext context) => NewAsync(context, state, org));
        api.MapPost("/app-manifests/{code}/conversions", (string code) => Convert(state, code));
    }

    private static async Task<IResult> NewAsync(HttpContext context, FakeGitHubState state, string? organization)
    {
        var login = BrowserSession.Login(state, context);
        if (login is null) return OAuthPages.Error(StatusCodes.Status401Unauthorized, "Sign in to GitHub", "Sign in to GitHub to create a GitHub App.");
        lock (state.Gate)
        {
            if (organization is not null && !(state.OrganizationExists(organization) && state.IsMember(organization, login)))
            {
                return OAuthPages.Error(StatusCodes.Status404NotFound, "Page not found", "This is not the web page you are looking for.");
            }
        }

        if (!context.Request.HasFormContentType) return ManifestPages.Invalid(["The manifest must be posted as a form field named manifest."]);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var json = form["manifest"].ToString();
        var manifest = AppManifest.Read(json, out var problems);
        if (manifest is null) return ManifestPages.Invalid(problems);

        var owner = organization ?? login;
        string? returnState = context.Request.Query["state"];
        var action = context.Request.Path + (returnState is null ? "" : "?state=" + Uri.EscapeDataString(returnState));
        // The manifest arrives from the App's own site, as on GitHub; the confirmation only from this site's own page, so
        // that another site cannot create an App in a signed-in browser's name without the person clicking.
        if (form["confirm"] != "1" || !Pages.PageSessions.IsSameOrigin(context)) return ManifestPages.Confirm(action, json, manifest, owner);

        long id;
        lock (state.Gate) id = state.NextId();
        var secret = manifest.WebhookUrl is null ? null : RandomToken.Hex(40);
        var registration = new FakeAppRegistration(
            manifest.Name, owner, organization is null ? "User" : "Organization", manifest.Description, manifest.Url, manifest.Permissions, manifest.Events,
            manifest.WebhookUrl, manifest.WebhookActive, secret, manifest.SetupUrl, manifest.CallbackUrls, manifest.Public);
        // Making a key takes a moment: outside the gate.
        var app = new FakeApp(state, id, AppManifest.SlugOf(manifest.Name), registration);
        var code = RandomToken.Hex(20);
        lock (state.Gate)
        {
            if (state.Apps.Values.Any(a => string.Equals(a.Slug, app.Slug, StringComparison.Ordinal)))
            {
                return ManifestPages.Invalid(["Name is already in use"]);
            }
            state.Apps.Add(app.AppId, app);
            state.ManifestCodes.Add(code, new ManifestCode(code, app, state.Time.GetUtcNow() + ManifestCode.Lifetime));
            state.Minted.Add(("App manifest code", code));
            if (secret is not null) state.Minted.Add(("App webhook secret", secret));
        }

        var parameters = new Dictionary<string, string?> { ["code"] = code };
        if (returnState is not null) parameters["state"] = returnState;
        return Results.Redirect(QueryHelpers.AddQueryString((manifest.RedirectUrl ?? app.HtmlUrl).ToString(), parameters));
    }

    private static IResult Convert(FakeGitHubState state, string code)
    {
        lock (state.Gate)
        {
            if (!state.ManifestCodes.Remove(code, out var found)) return GitHubResults.NotFound();
            if (state.Time.GetUtcNow() >= found.ExpiresAt) return GitHubResults.ValidationFailedCustom("AppManifest", "The code has expired.");
            var app = found.App;
            var payload = AppJson.Of(state, app);
            payload["client_id"] = app.ClientId;
            payload["client_secret"] = app.ClientSecret;
            payload["webhook_secret"] = app.Registration.WebhookSecret;
            payload["pem"] = app.PrivateKeyPem;
            return GitHubResults.Json(payload, StatusCodes.Status201Created);
        }
    }
}
