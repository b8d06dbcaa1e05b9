using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Checks an app's JWT as GitHub does: RS256 signed by the app's key, <c>iss</c> the app id, <c>iat</c> and
/// <c>exp</c> present, <c>exp</c> at most 10 minutes after <c>iat</c>, not expired, <c>iat</c> not in the future
/// (60 seconds of clock drift allowed).
/// </summary>
internal sealed class AppJwtValidator(FakeGitHubState state)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ClockDrift = TimeSpan.FromSeconds(60);

    private readonly JsonWebTokenHandler handler = new();

    /// <returns>The app the token authenticates, or null when GitHub would answer 401.</returns>
    public async Task<FakeApp?> ValidateAsync(string token)
    {
        if (!handler.CanReadToken(token)) return null;
        var jwt = handler.ReadJsonWebToken(token);
        if (!long.TryParse(jwt.Issuer, out var appId)) return null;
        FakeApp? app;
        lock (state.Gate) app = state.Apps.GetValueOrDefault(appId);
        if (app is null) return null;

        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKey = new RsaSecurityKey(app.PublicKey),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        }).ConfigureAwait(false);

        return result.IsValid && HasAcceptableLifetime(jwt) ? app : null;
    }

    private bool HasAcceptableLifetime(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<long>("iat", out var iat) || !jwt.TryGetPayloadValue<long>("exp", out var exp)) return false;
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        var now = state.Time.GetUtcNow();
        return expiresAt - issuedAt <= MaxLifetime && expiresAt > now && issuedAt <= now + ClockDrift;
    }
}
