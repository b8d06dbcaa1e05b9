using System.Text.Json;
using GitJit.Core.Model;

namespace GitJit.Server.Gateway;

/// <summary>How a login's guardrails are kept in storage: JSON, camelCase, nulls left out.</summary>
internal static class GatewayLoginJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(Guardrails guardrails) => JsonSerializer.Serialize(guardrails, Options);

    public static Guardrails Read(string json) => JsonSerializer.Deserialize<Guardrails>(json, Options) ?? Guardrails.None;
}
