using System.Security.Cryptography;
using System.Text;
using GitJit.Gateway.Sessions;

namespace GitJit.Gateway.Wire.Authentication;

/// <summary>
/// The server side of one SCRAM-SHA-256 exchange (RFC 5802/7677) against a <see cref="ScramVerifier"/>, as PostgreSQL
/// does it: no channel binding offered (GS2 header <c>n,,</c>, or <c>y,,</c> from a client that could bind), the user
/// name in the exchange ignored (the startup message's counts), no authorization identity.
/// </summary>
internal sealed class ScramServerExchange(ScramVerifier verifier)
{
    public const string Mechanism = "SCRAM-SHA-256";

    private string? clientFirstBare;
    private string? serverFirst;
    private string? gs2Header;
    private string? nonce;

    /// <summary>The server-first message for the client's first, or null when the client's is malformed.</summary>
    public byte[]? First(ReadOnlySpan<byte> clientFirst)
    {
        var text = Encoding.UTF8.GetString(clientFirst);
        // gs2-header: cbind-flag "," [authzid] ","
        var first = text.IndexOf(',', StringComparison.Ordinal);
        if (first < 0) return null;
        var second = text.IndexOf(',', first + 1);
        if (second < 0) return null;
        var flag = text[..first];
        if (flag is not ("n" or "y") || second != first + 1) return null;
        gs2Header = text[..(second + 1)];
        clientFirstBare = text[(second + 1)..];
        var clientNonce = Attribute(clientFirstBare, 'r');
        if (string.IsNullOrEmpty(clientNonce) || clientFirstBare.StartsWith("m=", StringComparison.Ordinal)) return null;
        nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        serverFirst = $"r={nonce},s={Convert.ToBase64String(verifier.Salt)},i={verifier.Iterations}";
        return Encoding.UTF8.GetBytes(serverFirst);
    }

    /// <summary>The server-final message when the client's proof is right, else null.</summary>
    public byte[]? Final(ReadOnlySpan<byte> clientFinal)
    {
        if (serverFirst is null) return null;
        var text = Encoding.UTF8.GetString(clientFinal);
        var proofAt = text.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0) return null;
        var withoutProof = text[..proofAt];
        if (Attribute(withoutProof, 'c') != Convert.ToBase64String(Encoding.UTF8.GetBytes(gs2Header!))) return null;
        if (Attribute(withoutProof, 'r') != nonce) return null;
        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(text[(proofAt + 3)..]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (proof.Length != 32) return null;
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(verifier.StoredKey, authMessage);
        var clientKey = new byte[32];
        for (var i = 0; i < 32; i++) clientKey[i] = (byte)(proof[i] ^ signature[i]);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), verifier.StoredKey)) return null;
        return Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(HMACSHA256.HashData(verifier.ServerKey, authMessage)));
    }

    /// <summary>The value of attribute <paramref name="name"/> (<c>r=…</c>) in a comma-separated SCRAM message.</summary>
    internal static string? Attribute(string message, char name)
    {
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[0] == name && part[1] == '=') return part[2..];
        }
        return null;
    }
}
