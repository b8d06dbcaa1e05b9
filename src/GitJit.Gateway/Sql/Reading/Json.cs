using System.Text.Json;

namespace GitJit.Gateway.Sql.Reading;

/// <summary>
/// Reading libpg_query's JSON, which leaves out every field at its default: a missing boolean is false, a missing
/// number 0, a missing string or node null.
/// </summary>
internal static class Json
{
    public static string? String(JsonElement node, string field) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static bool Bool(JsonElement node, string field) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.True;

    public static int Int(JsonElement node, string field) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt32(out var number)
            ? number
            : 0;

    public static bool Has(JsonElement node, string field) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public static JsonElement Field(JsonElement node, string field) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(field, out var value) ? value : default;

    public static IEnumerable<JsonElement> Items(JsonElement node, string field)
    {
        var list = Field(node, field);
        return list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
    }

    /// <summary>A wrapped node, <c>{"Type": {…}}</c>: its type and body; null type when it is none.</summary>
    public static (string? Type, JsonElement Body) Unwrap(JsonElement wrapper)
    {
        if (wrapper.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in wrapper.EnumerateObject())
            {
                return IsNodeType(property.Name) && property.Value.ValueKind == JsonValueKind.Object
                    ? (property.Name, property.Value)
                    : (null, wrapper);
            }
        }
        return (null, wrapper);
    }

    /// <summary>Node types start with a capital letter (<c>SelectStmt</c>, <c>A_Expr</c>); fields never do.</summary>
    public static bool IsNodeType(string name) => name.Length > 0 && char.IsAsciiLetterUpper(name[0]);

    /// <summary>The text of a <c>String</c> node (<c>{"String": {"sval": …}}</c>), or null.</summary>
    public static string? StringNode(JsonElement wrapper) =>
        Unwrap(wrapper) is ("String", var body) ? String(body, "sval") ?? "" : null;

    /// <summary>An <c>A_Const</c>'s text (<c>{"A_Const": {"sval": {"sval": …}}}</c>), or null when it is no string constant.</summary>
    public static string? StringConstant(JsonElement wrapper) =>
        Unwrap(wrapper) is ("A_Const", var body) && body.TryGetProperty("sval", out var sval) ? String(sval, "sval") ?? "" : null;

    /// <summary>An <c>A_Const</c>'s integer (<c>{"A_Const": {"ival": {"ival": …}}}</c>), or null when it is no integer constant.</summary>
    public static int? IntegerConstant(JsonElement wrapper) =>
        Unwrap(wrapper) is ("A_Const", var body) && body.TryGetProperty("ival", out var ival) ? Int(ival, "ival") : null;
}
