using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GET /user with a user access token or a personal access token: the signed-in user. Without credentials 401 "Requires authentication"; with an unknown,
/// expired or revoked token 401 "Bad credentials"; with an installation token 403 "Resource not accessible by integration".
/// GET /users/{username}: anyone's public profile, with or without credentials (the fake knows every login).
/// </summary>
internal static class UserRoutes
{
    public static void Map(IEndpointRouteBuilder api, FakeGitHubState state)
    {
        api.MapGet("/users/{username}", (string username) =>
        {
            lock (state.Gate)
            {
                return GitHubResults.Json(AuthenticatedUserPayload.For(state, username));
            }
        });

        api.MapGet("/user", (HttpContext context) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.Length == 0) return GitHubResults.RequiresAuthentication();
            var credential = InstallationTokenFilter.Credential(authorization);
            lock (state.Gate)
            {
                var now = state.Time.GetUtcNow();
                if (credential is not null && state.UserTokens.TryGetValue(credential, out var token) && token.IsValidAt(now))
                {
                    return GitHubResults.Json(AuthenticatedUserPayload.For(state, token.Login));
                }

                if (credential is not null && state.PersonalTokens.TryGetValue(credential, out var login))
                {
                    return GitHubResults.Json(AuthenticatedUserPayload.For(state, login));
                }

                return credential is not null && state.Tokens.TryGetValue(credential, out var installationToken) && installationToken.ExpiresAt > now
                    ? GitHubResults.NotAccessibleByIntegration()
                    : GitHubResults.BadCredentials();
            }
        });
    }
}
