using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Answers of POST /login/oauth/access_token. Like GitHub: always 200, errors included, as JSON when the client accepts
/// application/json and form-encoded otherwise.
/// </summary>
internal static class OAuthResults
{
    private const string ErrorDocs = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/";

    public static IResult Token(bool json, UserToken token, DateTimeOffset now)
    {
        var fields = new Dictionary<string, object>(StringComparer.Ordinal) { ["access_token"] = token.Value };
        if (token.ExpiresAt is { } expiresAt) fields["expires_in"] = Seconds(expiresAt - now);
        if (token.RefreshToken is not null) fields["refresh_token"] = token.RefreshToken;
        if (token.RefreshTokenExpiresAt is { } refreshExpiresAt) fields["refresh_token_expires_in"] = Seconds(refreshExpiresAt - now);
        fields["token_type"] = "bearer";
        fields["scope"] = "";
        return Answer(json, fields);
    }

    public static IResult IncorrectClientCredentials(bool json) =>
        Error(json, "incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.", "#incorrect-client-credentials");

    public static IResult RedirectUriMismatch(bool json) =>
        Error(json, "redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.", "#redirect-uri-mismatch2");

    public static IResult BadVerificationCode(bool json) =>
        Error(json, "bad_verification_code", "The code passed is incorrect or expired.", "#bad-verification-code");

    public static IResult BadRefreshToken(bool json) =>
        Error(json, "bad_refresh_token", "The refresh token passed is incorrect or expired.", "#bad-refresh-token");

    public static IResult UnsupportedGrantType(bool json) =>
        Error(json, "unsupported_grant_type", "The grant type is not supported.", "");

    private static IResult Error(bool json, string error, string description, string anchor) =>
        Answer(json, new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["error"] = error,
            ["error_description"] = description,
            ["error_uri"] = ErrorDocs + anchor,
        });

    private static IResult Answer(bool json, Dictionary<string, object> fields)
    {
        if (json) return Results.Text(JsonSerializer.Serialize(fields), "application/json; charset=utf-8", Encoding.UTF8);
        var form = QueryHelpers.AddQueryString("", fields.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new KeyValuePair<string, string?>(f.Key, Convert.ToString(f.Value, CultureInfo.InvariantCulture))))
            .TrimStart('?');
        return Results.Text(form, "application/x-www-form-urlencoded; charset=utf-8", Encoding.UTF8);
    }

    private static long Seconds(TimeSpan span) => (long)span.TotalSeconds;
}
