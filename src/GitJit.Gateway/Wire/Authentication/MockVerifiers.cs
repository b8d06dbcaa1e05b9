using System.Security.Cryptography;
using System.Text;
using GitJit.Gateway.Sessions;

namespace GitJit.Gateway.Wire.Authentication;

/// <summary>
/// Verifiers for users that do not exist, as PostgreSQL makes them: the exchange runs to the end and fails as a wrong
/// password does, and the salt is the same at every attempt for the same name, so a client cannot tell.
/// </summary>
internal sealed class MockVerifiers
{
    private readonly byte[] secret = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public ScramVerifier For(string user)
    {
        var salt = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(user))[..16];
        return new ScramVerifier(ScramVerifier.DefaultIterations, salt, key, key);
    }
}
