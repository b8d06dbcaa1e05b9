using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitJit.Core.Audit;

/// <summary>Times in records: UTC ISO-8601 ending in <c>Z</c>, written with <see cref="AuditJson.FormatTime"/>.</summary>
internal sealed class AuditTimeConverter : JsonConverter<DateTimeOffset>
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("a time must be a string such as \"2026-11-28T12:00:00Z\"");
        var text = reader.GetString()!;
        if (!DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new JsonException($"{Text.Quote(text)} is not a UTC time such as 2026-11-28T12:00:00Z");
        }
        return time;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(AuditJson.FormatTime(value));
}
