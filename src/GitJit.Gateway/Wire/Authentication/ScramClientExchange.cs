using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitJit.Gateway.Wire.Authentication;

/// <summary>The client side of SCRAM-SHA-256, as libpq does it, for the gateway's login upstream (no channel binding).</summary>
internal sealed class ScramClientExchange(string password)
{
    private readonly string clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    private byte[]? expectedServerSignature;

    public byte[] First() => Encoding.UTF8.GetBytes($"n,,n=,r={clientNonce}");

    /// <summary>The client-final message for the server's first; null when the server's is malformed or its nonce is not ours.</summary>
    public byte[]? Final(ReadOnlySpan<byte> serverFirstBytes)
    {
        var serverFirst = Encoding.UTF8.GetString(serverFirstBytes);
        var nonce = ScramServerExchange.Attribute(serverFirst, 'r');
        var salt = ScramServerExchange.Attribute(serverFirst, 's');
        var iterationsText = ScramServerExchange.Attribute(serverFirst, 'i');
        if (nonce is null || salt is null || !nonce.StartsWith(clientNonce, StringComparison.Ordinal) || nonce.Length == clientNonce.Length) return null;
        if (!int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > 10_000_000) return null;
        byte[] saltBytes;
        try
        {
            saltBytes = Convert.FromBase64String(salt);
        }
        catch (FormatException)
        {
            return null;
        }
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), saltBytes, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var withoutProof = $"c=biws,r={nonce}";
        var authMessage = Encoding.UTF8.GetBytes($"n=,r={clientNonce},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(storedKey, authMessage);
        for (var i = 0; i < clientKey.Length; i++) clientKey[i] ^= signature[i];
        expectedServerSignature = HMACSHA256.HashData(HMACSHA256.HashData(salted, "Server Key"u8), authMessage);
        return Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(clientKey)}");
    }

    /// <summary>Whether the server's final message proves it knew the verifier.</summary>
    public bool Verify(ReadOnlySpan<byte> serverFinal)
    {
        if (expectedServerSignature is null) return false;
        var signature = ScramServerExchange.Attribute(Encoding.UTF8.GetString(serverFinal), 'v');
        try
        {
            return signature is not null && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(signature), expectedServerSignature);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
