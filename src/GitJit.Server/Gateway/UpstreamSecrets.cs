using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace GitJit.Server.Gateway;

/// <summary>
/// Encrypts the upstream role's password of a gateway login with ASP.NET Data Protection, on GitJit's key ring (the one
/// that signs sign-ins: in GitJit's PostgreSQL, or the data directory), under a purpose of its own, so no other use of
/// the key ring can read it back and it can read nothing else.
/// </summary>
public sealed class UpstreamSecrets(IDataProtectionProvider provider)
{
    /// <summary>The Data Protection purpose of upstream passwords.</summary>
    public const string Purpose = "GitJit.Gateway.UpstreamPassword.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Protect(string password) => protector.Protect(password);

    /// <summary>The password, or null when <paramref name="protectedText"/> is not one this key ring wrote (or its key is gone).</summary>
    public string? Unprotect(string protectedText)
    {
        if (string.IsNullOrEmpty(protectedText)) return null;
        try
        {
            return protector.Unprotect(protectedText);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
