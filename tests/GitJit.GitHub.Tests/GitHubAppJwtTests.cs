using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GitJit.GitHub.Tests;

public sealed class GitHubAppJwtTests
{
    [Fact]
    public async Task Jwt_IsSignedByTheAppsKey_IssuedAMinuteEarly_AndValidNineMinutes()
    {
        using var key = RSA.Create(2048);
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        var token = new GitHubAppJwt(4711, key, new FakeTimeProvider(now)).Create();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(key.ExportParameters(includePrivateParameters: false)),
            ValidIssuer = "4711",
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(now.AddSeconds(-60).UtcDateTime, jwt.IssuedAt);
        Assert.Equal(now.AddMinutes(9).UtcDateTime, jwt.ValidTo);
        Assert.Equal("RS256", jwt.Alg);
    }

    [Fact]
    public async Task JwtSignedByAnotherKey_DoesNotValidate()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);

        var token = new GitHubAppJwt(1, key, TimeProvider.System).Create();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(other.ExportParameters(includePrivateParameters: false)),
            ValidateIssuer = false,
            ValidateAudience = false,
        });
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task TheSameKeyLoadedAgain_AfterTheFirstCopyIsDisposed_StillSigns()
    {
        // A server restarted in the same process (the tests, a host that rebuilds its services) loads the same private key
        // into a new RSA object; the previous one was disposed with its GitHubAppClients.
        using var original = RSA.Create(2048);
        var pem = original.ExportRSAPrivateKeyPem();
        var first = RSA.Create();
        first.ImportFromPem(pem);
        new GitHubAppJwt(7, first, TimeProvider.System).Create();
        first.Dispose();
        using var second = RSA.Create();
        second.ImportFromPem(pem);

        var token = new GitHubAppJwt(7, second, TimeProvider.System).Create();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(original.ExportParameters(includePrivateParameters: false)),
            ValidIssuer = "7",
            ValidateAudience = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
    }
}
