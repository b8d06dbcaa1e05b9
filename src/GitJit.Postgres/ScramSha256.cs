using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitJit.Postgres;

/// <summary>
/// Passwords for granted roles. PostgreSQL stores a SCRAM-SHA-256 verifier given in place of a password as it is
/// (RFC 5802/7677, the same computation as libpq's <c>PQencryptPasswordConn</c>), so the plain password never travels
/// in SQL and cannot reach the server's statement log; only the requester ever sees it.
/// </summary>
internal static class ScramSha256
{
    public const int Iterations = 4096;

    /// <summary>A new password: 32 random bytes, base64url — 43 characters of <c>[A-Za-z0-9_-]</c>, identical under SASLprep.</summary>
    public static string NewPassword() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The verifier for <paramref name="password"/> with a fresh random salt.</summary>
    public static string Verifier(string password) => Verifier(password, RandomNumberGenerator.GetBytes(16), Iterations);

    /// <summary><c>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey</c>, as PostgreSQL writes it into <c>pg_authid.rolpassword</c>.</summary>
    public static string Verifier(string password, byte[] salt, int iterations)
    {
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return string.Create(CultureInfo.InvariantCulture,
            $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}");
    }
}
