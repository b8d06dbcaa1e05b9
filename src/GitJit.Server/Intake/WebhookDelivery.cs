using System.Security.Cryptography;

namespace GitJit.Server.Intake;

/// <summary>
/// What identifies a verified delivery: GitHub's <c>X-GitHub-Delivery</c> id, and the SHA-256 of the exact signed body
/// (lower-case hex). The id is not covered by the signature, so a recorded delivery could be sent again under a new one;
/// the body is, so a delivery is accepted only when both are new. GitHub's own redelivery repeats both.
/// </summary>
public sealed record WebhookDelivery(string Id, string BodySha256)
{
    public static WebhookDelivery Of(string id, ReadOnlySpan<byte> body) => new(id, Convert.ToHexStringLower(SHA256.HashData(body)));
}
