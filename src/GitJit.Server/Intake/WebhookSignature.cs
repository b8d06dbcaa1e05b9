using Octokit.Webhooks;

namespace GitJit.Server.Intake;

/// <summary>What a delivery's <c>X-Hub-Signature-256</c> says about its body.</summary>
public enum WebhookSignatureCheck
{
    /// <summary>The HMAC-SHA256 of exactly the body, keyed by the webhook secret.</summary>
    Valid,

    /// <summary>No signature (absent or empty): an unsigned delivery, 401.</summary>
    Missing,

    /// <summary>Not <c>sha256=</c> and 64 hex digits (one value): 400, it cannot be checked.</summary>
    Malformed,

    /// <summary>Well formed, but not the body's: forged, signed with another secret, or changed on the way; 401.</summary>
    Mismatch,
}

/// <summary>Checks <c>X-Hub-Signature-256</c> over the exact bytes received, in constant time; without a secret nothing is valid.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    public static WebhookSignatureCheck Check(string? header, string? secret, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(header)) return WebhookSignatureCheck.Missing;
        if (header.Length != Prefix.Length + 64
            || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || header.AsSpan(Prefix.Length).ContainsAnyExcept(HexDigits))
        {
            return WebhookSignatureCheck.Malformed;
        }
        return WebhookSignatureValidator.Verify(header, secret, body) == WebhookSignatureValidationResult.Valid
            ? WebhookSignatureCheck.Valid
            : WebhookSignatureCheck.Mismatch;
    }
}
