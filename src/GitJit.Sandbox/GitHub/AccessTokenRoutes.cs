using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// POST /login/oauth/access_token: exchanges a web-flow code (grant_type authorization_code, the default) or a refresh token
/// (grant_type refresh_token) for a user access token. Parameters come from the form body or the query string; the client
/// authenticates with client_id and client_secret parameters or with HTTP Basic. Codes are single-use, expire after ten
/// minutes, must be redeemed with the redirect_uri they were sent to (when one is given) and, after a PKCE challenge, with its verifier.
/// </summary>
internal static class AccessTokenRoutes
{
    public static void Map(IEndpointRouteBuilder web, FakeGitHubState state)
    {
        web.MapPost("/login/oauth/access_token", async (HttpContext context) =>
        {
            var parameters = await ReadParametersAsync(context.Request).ConfigureAwait(false);
            var json = context.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
            var (clientId, clientSecret) = ClientCredentials(context.Request, parameters);

            lock (state.Gate)
            {
                var app = state.FindAppByClientId(clientId);
                if (app is null || !SameSecret(app.ClientSecret, clientSecret)) return OAuthResults.IncorrectClientCredentials(json);
                return parameters.GetValueOrDefault("grant_type").ToString() switch
                {
                    "" or "authorization_code" => RedeemCode(state, app, parameters, json),
                    "refresh_token" => Refresh(state, app, parameters, json),
                    _ => OAuthResults.UnsupportedGrantType(json),
                };
            }
        });
    }

    private static IResult RedeemCode(FakeGitHubState state, FakeApp app, Dictionary<string, StringValues> parameters, bool json)
    {
        var now = state.Time.GetUtcNow();
        var value = parameters.GetValueOrDefault("code").ToString();
        if (!state.AuthorizationCodes.Remove(value, out var code) || code.App != app || code.ExpiresAt <= now) return OAuthResults.BadVerificationCode(json);

        var redirectUri = parameters.GetValueOrDefault("redirect_uri").ToString();
        if (redirectUri.Length > 0 && !string.Equals(redirectUri, code.RedirectUri, StringComparison.Ordinal)) return OAuthResults.RedirectUriMismatch(json);
        if (code.CodeChallenge is not null && !string.Equals(Challenge(parameters.GetValueOrDefault("code_verifier").ToString()), code.CodeChallenge, StringComparison.Ordinal))
        {
            return OAuthResults.BadVerificationCode(json);
        }

        var token = UserToken.Issue(app, code.Login, now);
        state.UserTokens.Add(token.Value, token);
        state.MintedUserToken(token);
        return OAuthResults.Token(json, token, now);
    }

    private static IResult Refresh(FakeGitHubState state, FakeApp app, Dictionary<string, StringValues> parameters, bool json)
    {
        var now = state.Time.GetUtcNow();
        var value = parameters.GetValueOrDefault("refresh_token").ToString();
        var old = state.UserTokens.Values.FirstOrDefault(t => t.App == app && t.RefreshToken is not null && string.Equals(t.RefreshToken, value, StringComparison.Ordinal));
        if (old is null || old.RefreshTokenExpiresAt <= now) return OAuthResults.BadRefreshToken(json);

        state.UserTokens.Remove(old.Value);
        var token = UserToken.Issue(app, old.Login, now);
        state.UserTokens.Add(token.Value, token);
        state.MintedUserToken(token);
        return OAuthResults.Token(json, token, now);
    }

    private static async Task<Dictionary<string, StringValues>> ReadParametersAsync(HttpRequest request)
    {
        var parameters = request.Query.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!request.HasFormContentType) return parameters;
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        foreach (var (key, value) in form) parameters[key] = value;
        return parameters;
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, Dictionary<string, StringValues> parameters)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && header.Parameter is not null)
        {
            var bytes = new byte[header.Parameter.Length];
            if (!Convert.TryFromBase64String(header.Parameter, bytes, out var length)) return (null, null);
            var pair = Encoding.UTF8.GetString(bytes, 0, length).Split(':', 2);
            if (pair.Length == 2) return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (parameters.GetValueOrDefault("client_id"), parameters.GetValueOrDefault("client_secret"));
    }

    private static bool SameSecret(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    /// <summary>The S256 PKCE challenge of <paramref name="verifier"/>: base64url of its SHA-256, unpadded.</summary>
    private static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
