using System.Text.Json;

namespace GitJit.Server.Intake;

/// <summary>
/// Typed reads of one field of a webhook payload by its dotted path (<c>pull_request.number</c>): null when the field,
/// or an object on its way, is absent or of another type. Never throws.
/// </summary>
internal static class PayloadFields
{
    public static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }
        return current;
    }

    public static bool IsObject(JsonElement root, string path) => Find(root, path) is { ValueKind: JsonValueKind.Object };

    public static string? Text(JsonElement root, string path) => Find(root, path) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    public static bool? Boolean(JsonElement root, string path) => Find(root, path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>A whole number from 1 to <paramref name="max"/>, written as one (not 7.0, not "7").</summary>
    public static long? Id(JsonElement root, string path, long max = long.MaxValue) =>
        Find(root, path) is { ValueKind: JsonValueKind.Number } e && e.TryGetInt64(out var value) && value >= 1 && value <= max ? value : null;

    /// <summary>A GitHub login or repository name: 1–100 ASCII letters, digits, '.', '_' and '-', not "." or "..".</summary>
    public static string? Name(JsonElement root, string path) =>
        Text(root, path) is { Length: > 0 and <= 100 } name && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? name
            : null;
}
