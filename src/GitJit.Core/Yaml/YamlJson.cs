using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace GitJit.Core.Yaml;

/// <summary>
/// Turns a <see cref="YamlNode"/> tree into JSON for schema validation, remembering where in the YAML file each
/// JSON token came from. Plain scalars resolve by the YAML 1.2 core schema (so <c>yes</c> stays text).
/// </summary>
internal static partial class YamlJson
{
    /// <summary>
    /// The JSON for <paramref name="node"/>; when <paramref name="positions"/> is given, it receives the YAML position
    /// of every token (properties at their key). Its comparer must be <see cref="ReferenceEqualityComparer"/>.
    /// </summary>
    public static JToken Convert(YamlNode node, Dictionary<JToken, SourcePosition>? positions)
    {
        JToken token;
        switch (node)
        {
            case YamlScalar scalar:
                token = Scalar(scalar);
                break;
            case YamlSequence sequence:
                var array = new JArray();
                foreach (var item in sequence.Items) array.Add(Convert(item, positions));
                token = array;
                break;
            default:
                var mapping = (YamlMapping)node;
                var json = new JObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    var property = new JProperty(key.Value, Convert(value, positions));
                    positions?.Add(property, key.Start);
                    json.Add(property);
                }
                token = json;
                break;
        }
        positions?.Add(token, node.Start);
        return token;
    }

    /// <summary>Where <paramref name="token"/>, or the nearest of its parents, came from.</summary>
    public static SourcePosition PositionOf(JToken? token, Dictionary<JToken, SourcePosition> positions)
    {
        for (; token is not null; token = token.Parent)
        {
            if (positions.TryGetValue(token, out var at)) return at;
        }
        return new SourcePosition(1, 1);
    }

    /// <summary>Resolves a scalar the way YAML 1.2's core schema does; quoted and block scalars are always text.</summary>
    internal static JValue Scalar(YamlScalar scalar)
    {
        var value = scalar.Value;
        if (!scalar.IsPlain) return new JValue(value);
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return JValue.CreateNull();
            case "true" or "True" or "TRUE":
                return new JValue(true);
            case "false" or "False" or "FALSE":
                return new JValue(false);
        }
        if (DecimalInteger().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new JValue(integer);
        }
        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return new JValue(hex);
        }
        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return new JValue(number);
        }
        return new JValue(value);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
