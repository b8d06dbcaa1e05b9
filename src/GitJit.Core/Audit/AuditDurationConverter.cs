using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitJit.Core.Model;

namespace GitJit.Core.Audit;

/// <summary>
/// Durations in records as policies write them (<c>30s</c>, <c>1h30m</c>); a duration that form cannot hold exactly
/// (a fraction of a second, zero, negative, over 90 days) in .NET's constant form (<c>00:00:00.5000000</c>).
/// </summary>
internal sealed class AuditDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("a duration must be a string such as \"30s\"");
        var text = reader.GetString()!;
        if (GrantDuration.TryParse(text, out var duration, out _)) return duration;
        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out duration)) return duration;
        throw new JsonException($"{Text.Quote(text)} is not a duration such as 30s");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(IsCompact(value) ? GrantDuration.Format(value) : value.ToString("c", CultureInfo.InvariantCulture));

    private static bool IsCompact(TimeSpan value) =>
        value > TimeSpan.Zero && value <= GrantDuration.Longest && value.Ticks % TimeSpan.TicksPerSecond == 0;
}
