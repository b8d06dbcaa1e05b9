using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitJit.Cli;

/// <summary>The one way the CLI writes JSON: camelCase, enums as lower-case words, indented.</summary>
internal static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
