using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>GET /app, GET /repos/{owner}/{repo}/installation and POST /app/installations/{installation_id}/access_tokens, authenticated by the app's JWT.</summary>
internal static class AppRoutes
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public static void Map(IEndpointRouteBuilder api, FakeGitHubState state)
    {
        var validator = new AppJwtValidator(state);
        api.MapGet("/app", async (HttpContext context) =>
        {
            var jwt = InstallationTokenFilter.Credential(context.Request.Headers.Authorization.ToString());
            var app = jwt is null ? null : await validator.ValidateAsync(jwt).ConfigureAwait(false);
            if (app is null) return GitHubResults.BadJwt();
            lock (state.Gate) return GitHubResults.Json(AppJson.Of(state, app, state.Installations.Values.Count(i => i.App == app)));
        });
        api.MapGet("/repos/{owner}/{repo}/installation", async (string owner, string repo, HttpContext context) =>
        {
            var jwt = InstallationTokenFilter.Credential(context.Request.Headers.Authorization.ToString());
            var app = jwt is null ? null : await validator.ValidateAsync(jwt).ConfigureAwait(false);
            if (app is null) return GitHubResults.BadJwt();
            lock (state.Gate)
            {
                var installation = state.Installations.Values.FirstOrDefault(i => i.App == app && string.Equals(i.Account, owner, StringComparison.OrdinalIgnoreCase));
                if (installation is null || !state.Repositories.ContainsKey($"{owner}/{repo}")) return GitHubResults.NotFound();
                return GitHubResults.Json(Installation(state, app, installation));
            }
        });
        api.MapGet("/app/installations", async (HttpContext context) =>
        {
            var jwt = InstallationTokenFilter.Credential(context.Request.Headers.Authorization.ToString());
            var app = jwt is null ? null : await validator.ValidateAsync(jwt).ConfigureAwait(false);
            if (app is null) return GitHubResults.BadJwt();
            lock (state.Gate)
            {
                var installations = state.Installations.Values.Where(i => i.App == app).OrderBy(i => i.Id).Select(i => Installation(state, app, i)).ToList();
                return GitHubResults.Json(Pagination.Page(context, installations));
            }
        });
        api.MapPost("/app/installations/{installationId:long}/access_tokens", async (long installationId, HttpContext context) =>
        {
            var jwt = InstallationTokenFilter.Credential(context.Request.Headers.Authorization.ToString());
            var app = jwt is null ? null : await validator.ValidateAsync(jwt).ConfigureAwait(false);
            if (app is null) return GitHubResults.BadJwt();

            lock (state.Gate)
            {
                if (!state.Installations.TryGetValue(installationId, out var installation) || installation.App != app)
                {
                    return GitHubResults.NotFound();
                }

                var token = new IssuedToken(RandomToken.Create("ghs_", 36), installation, state.Time.GetUtcNow() + TokenLifetime);
                state.Tokens.Add(token.Value, token);
                state.Minted.Add(("installation token", token.Value));
                state.TokensIssued++;
                var permissions = new SortedDictionary<string, string>(installation.Permissions, StringComparer.Ordinal);
                return GitHubResults.Json(new AccessTokenPayload(token.Value, token.ExpiresAt, permissions, "all"), StatusCodes.Status201Created);
            }
        });
    }

    /// <summary>An installation as GitHub's REST API shows it (GET /repos/{owner}/{repo}/installation, GET /app/installations).</summary>
    private static object Installation(FakeGitHubState state, FakeApp app, FakeInstallation installation) => new
    {
        id = installation.Id,
        account = new { login = installation.Account, id = 1, type = "Organization" },
        app_id = app.AppId,
        app_slug = app.Slug,
        target_id = 1,
        target_type = "Organization",
        repository_selection = "all",
        access_tokens_url = $"{state.ApiRoot}/app/installations/{installation.Id}/access_tokens",
        repositories_url = $"{state.ApiRoot}/installation/repositories",
        html_url = $"{state.WebUrl}organizations/{installation.Account}/settings/installations/{installation.Id}",
        permissions = new SortedDictionary<string, string>(installation.Permissions, StringComparer.Ordinal),
        events = app.Registration.Events,
        created_at = "2026-01-01T00:00:00Z",
        updated_at = "2026-01-01T00:00:00Z",
    };
}
