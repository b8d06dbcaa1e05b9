using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Testing.FakeGitHub;

/// <summary>POST /app/installations/{installation_id}/access_tokens, authenticated by the app's JWT.</summary>
internal static class AppRoutes
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public static void Map(IEndpointRouteBuilder api, FakeGitHubState state)
    {
        var validator = new AppJwtValidator(state);
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

                var token = new IssuedToken("ghs_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 36), installation, state.Time.GetUtcNow() + TokenLifetime);
                state.Tokens.Add(token.Value, token);
                state.TokensIssued++;
                var permissions = new SortedDictionary<string, string>(installation.Permissions, StringComparer.Ordinal);
                return GitHubResults.Json(new AccessTokenPayload(token.Value, token.ExpiresAt, permissions, "all"), StatusCodes.Status201Created);
            }
        });
    }
}
