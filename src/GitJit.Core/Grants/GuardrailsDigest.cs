using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitJit.Core.Model;

namespace GitJit.Core.Grants;

/// <summary>
/// A short fingerprint of a grant's guardrails: the provider keeps it in the target, beside the requester, where no
/// pull request can write, so that a grant record rewritten in git after the grant (guardrails loosened, the gateway
/// switched off) is noticed before credentials are issued by it. 32 hexadecimal digits of SHA-256 over the guardrails'
/// JSON with every member in declaration order, nulls left out.
/// </summary>
public static class GuardrailsDigest
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Of(Guardrails guardrails)
    {
        ArgumentNullException.ThrowIfNull(guardrails);
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(guardrails, Options)), 0, 16);
    }
}
