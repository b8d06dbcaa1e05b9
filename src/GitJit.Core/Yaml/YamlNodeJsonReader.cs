using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json;

namespace GitJit.Core.Yaml;

/// <summary>
/// Presents a <see cref="YamlNode"/> tree as JSON tokens that carry the YAML line and column, so that
/// schema errors point into the YAML file. Plain scalars resolve by the YAML 1.2 core schema.
/// </summary>
internal sealed partial class YamlNodeJsonReader : JsonReader, IJsonLineInfo
{
    private readonly List<(JsonToken Token, object? Value, SourcePosition At)> tokens = [];
    private int index = -1;

    public YamlNodeJsonReader(YamlNode root) => Flatten(root);

    public int LineNumber => HasLineInfo() ? tokens[index].At.Line : 0;

    public int LinePosition => HasLineInfo() ? tokens[index].At.Column : 0;

    public bool HasLineInfo() => index >= 0 && index < tokens.Count;

    public override bool Read()
    {
        if (++index >= tokens.Count)
        {
            SetToken(JsonToken.None);
            return false;
        }
        var (token, value, _) = tokens[index];
        SetToken(token, value);
        return true;
    }

    /// <summary>Resolves a plain scalar the way YAML 1.2's core schema does.</summary>
    internal static (JsonToken Token, object? Value) Resolve(YamlScalar scalar)
    {
        var value = scalar.Value;
        if (!scalar.IsPlain) return (JsonToken.String, value);
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return (JsonToken.Null, null);
            case "true" or "True" or "TRUE":
                return (JsonToken.Boolean, true);
            case "false" or "False" or "FALSE":
                return (JsonToken.Boolean, false);
        }
        if (DecimalInteger().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return (JsonToken.Integer, integer);
        }
        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return (JsonToken.Integer, hex);
        }
        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return (JsonToken.Float, number);
        }
        return (JsonToken.String, value);
    }

    private void Flatten(YamlNode node)
    {
        switch (node)
        {
            case YamlScalar scalar:
                var (token, value) = Resolve(scalar);
                tokens.Add((token, value, scalar.Start));
                break;
            case YamlSequence sequence:
                tokens.Add((JsonToken.StartArray, null, sequence.Start));
                foreach (var item in sequence.Items) Flatten(item);
                tokens.Add((JsonToken.EndArray, null, sequence.Start));
                break;
            case YamlMapping mapping:
                tokens.Add((JsonToken.StartObject, null, mapping.Start));
                foreach (var (key, item) in mapping.Entries)
                {
                    tokens.Add((JsonToken.PropertyName, key.Value, key.Start));
                    Flatten(item);
                }
                tokens.Add((JsonToken.EndObject, null, mapping.Start));
                break;
        }
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
