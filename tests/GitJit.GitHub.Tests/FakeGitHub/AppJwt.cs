using System.Globalization;
using System.Security.Cryptography;
using GitJit.Sandbox.GitHub;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GitJit.GitHub.Tests.FakeGitHub;

/// <summary>Signs GitHub App JWTs in tests, as a bot would: RS256, iss = app id, iat and exp.</summary>
internal static class AppJwt
{
    public static string Create(string privateKeyPem, long appId, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        var key = new RsaSecurityKey(rsa) { CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = appId.ToString(CultureInfo.InvariantCulture),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A valid JWT for <paramref name="app"/>: issued a minute ago, as GitHub advises, valid for 9 minutes.</summary>
    public static string For(FakeApp app, TimeProvider time) =>
        Create(app.PrivateKeyPem, app.AppId, time.GetUtcNow().AddSeconds(-60), TimeSpan.FromMinutes(9));
}
