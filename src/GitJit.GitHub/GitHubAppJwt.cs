using System.Globalization;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GitJit.GitHub;

/// <summary>
/// The JSON Web Token a GitHub App signs (RS256) to act as itself: issued a minute in the past against clock drift,
/// valid nine minutes (GitHub allows ten), issuer = the App's id.
/// </summary>
public sealed class GitHubAppJwt(long appId, RSA key, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// Signs without IdentityModel's process-wide cache of signature providers: it keys them by the public key alone, so
    /// the same private key loaded again (a server rebuilt in the same process) would get a provider bound to the
    /// disposed copy and fail with <see cref="ObjectDisposedException"/>. One signature every few minutes needs no cache.
    /// </summary>
    private static readonly CryptoProviderFactory Uncached = new() { CacheSignatureProviders = false };

    public string Create()
    {
        var now = time.GetUtcNow();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = appId.ToString(CultureInfo.InvariantCulture),
            IssuedAt = now.AddSeconds(-60).UtcDateTime,
            Expires = now.AddMinutes(9).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256) { CryptoProviderFactory = Uncached },
        });
    }
}
