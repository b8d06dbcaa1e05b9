using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitJit.Gateway.Sessions;

/// <summary>
/// What the gateway keeps of a gateway password: a SCRAM-SHA-256 verifier (RFC 5802/7677), the salt, the iteration
/// count, StoredKey and ServerKey. It proves a client knows the password without the gateway ever holding it, and
/// reads and writes PostgreSQL's own text form, <c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;</c>.
/// </summary>
public sealed record ScramVerifier(int Iterations, byte[] Salt, byte[] StoredKey, byte[] ServerKey)
{
    public const int DefaultIterations = 4096;

    private const string Prefix = "SCRAM-SHA-256$";

    /// <summary>The verifier of <paramref name="password"/> with a fresh 16-byte salt.</summary>
    /// <remarks>The password is used as UTF-8 without SASLprep: GitJit's passwords are ASCII letters, digits, <c>-</c> and <c>_</c>, which SASLprep leaves as they are.</remarks>
    public static ScramVerifier Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return new ScramVerifier(iterations, salt, SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8)), HMACSHA256.HashData(salted, "Server Key"u8));
    }

    /// <summary>Reads PostgreSQL's text form; null when <paramref name="text"/> is not one.</summary>
    public static ScramVerifier? Parse(string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = text[Prefix.Length..].Split('$');
        if (parts.Length != 2) return null;
        var head = parts[0].Split(':');
        var keys = parts[1].Split(':');
        if (head.Length != 2 || keys.Length != 2) return null;
        if (!int.TryParse(head[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > 10_000_000) return null;
        try
        {
            var verifier = new ScramVerifier(iterations, Convert.FromBase64String(head[1]), Convert.FromBase64String(keys[0]), Convert.FromBase64String(keys[1]));
            return verifier.Salt.Length > 0 && verifier.StoredKey.Length == 32 && verifier.ServerKey.Length == 32 ? verifier : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Prefix}{Iterations}:{Convert.ToBase64String(Salt)}${Convert.ToBase64String(StoredKey)}:{Convert.ToBase64String(ServerKey)}");

    public bool Equals(ScramVerifier? other) =>
        other is not null && Iterations == other.Iterations && Salt.AsSpan().SequenceEqual(other.Salt) && StoredKey.AsSpan().SequenceEqual(other.StoredKey) && ServerKey.AsSpan().SequenceEqual(other.ServerKey);

    public override int GetHashCode() => HashCode.Combine(Iterations, Convert.ToHexString(StoredKey));
}
