using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitJit.Core.Grants;

namespace GitJit.Postgres;

/// <summary>
/// What GitJit writes as the comment of every role it creates, and the only thing that lets it touch a role again:
/// <c>gitjit-managed {"grant":…,"expires":…,"connection":…,"database":…,"requester":…,"requesterId":…}</c>. A role without a well-formed
/// marker is not GitJit's, whatever its name. The expiry is kept to the tick, so provisioning again returns the same
/// access. The requester is who may have its credentials: kept here, where no pull request can write.
/// </summary>
/// <remarks>
/// <c>guardrails</c> is <see cref="GuardrailsDigest"/> of the grant's guardrails as provisioned: credentials are issued
/// only by a grant record whose guardrails still have it (roles from before it have none, and are not checked).
/// </remarks>
internal sealed record RoleMarker(string GrantId, DateTimeOffset ExpiresAt, string Connection, string Database, string? Requester = null, long? RequesterId = null,
    string? Guardrails = null)
{
    public const string Prefix = "gitjit-managed ";

    private const string ExpiryFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Comment =>
        Prefix + JsonSerializer.Serialize(new Payload(GrantId, ExpiresAt.UtcDateTime.ToString(ExpiryFormat, CultureInfo.InvariantCulture), Connection, Database, Requester, RequesterId, Guardrails), Options);

    public ManagedAccess ToAccess(string role) =>
        new(GrantId, PostgresAccessProvider.ProviderName, Connection, Database, role, ExpiresAt, Requester, RequesterId) { GuardrailsDigest = Guardrails };

    /// <summary>The marker in a role's comment, or null when the comment is not one GitJit wrote.</summary>
    public static RoleMarker? Parse(string? comment)
    {
        if (comment is null || !comment.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(comment.AsSpan(Prefix.Length));
        }
        catch (JsonException)
        {
            return null;
        }
        return payload is { Grant: { } grant, Expires: { } expires, Connection: { } connection, Database: { } database }
            && DateTimeOffset.TryParseExact(expires, ExpiryFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiresAt)
            ? new RoleMarker(grant, expiresAt, connection, database, payload.Requester, payload.RequesterId, payload.Guardrails)
            : null;
    }

    private sealed record Payload(
        [property: JsonPropertyName("grant")] string? Grant,
        [property: JsonPropertyName("expires")] string? Expires,
        [property: JsonPropertyName("connection")] string? Connection,
        [property: JsonPropertyName("database")] string? Database,
        [property: JsonPropertyName("requester")] string? Requester,
        [property: JsonPropertyName("requesterId")] long? RequesterId,
        [property: JsonPropertyName("guardrails")] string? Guardrails);
}
