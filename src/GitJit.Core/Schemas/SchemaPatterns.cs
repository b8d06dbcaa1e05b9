using NJsonSchema;

namespace GitJit.Core.Schemas;

/// <summary>
/// The regular expressions of a schema (<c>pattern</c> and <c>patternProperties</c> keys), taken out of NJsonSchema's
/// hands: it matches them with <c>Regex.IsMatch(value, pattern)</c>, without a deadline. Here each becomes a
/// <see cref="BoundedPattern"/>, keyed by the schema object that holds it, and <see cref="SchemaPatternValidator"/>
/// applies them.
/// </summary>
internal sealed class SchemaPatterns
{
    private readonly Dictionary<JsonSchema, BoundedPattern> patterns = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonSchema, IReadOnlyList<(BoundedPattern Key, JsonSchema Schema)>> patternProperties = new(ReferenceEqualityComparer.Instance);

    private SchemaPatterns()
    {
    }

    /// <summary>The <c>pattern</c> a string must match under <paramref name="schema"/>, if any.</summary>
    public BoundedPattern? PatternOf(JsonSchema schema) => patterns.GetValueOrDefault(schema);

    /// <summary>The <c>patternProperties</c> of <paramref name="schema"/>: property-name patterns and the schemas of their values.</summary>
    public IReadOnlyList<(BoundedPattern Key, JsonSchema Schema)> PatternPropertiesOf(JsonSchema schema) =>
        patternProperties.GetValueOrDefault(schema) ?? [];

    /// <summary>
    /// Takes every pattern out of <paramref name="root"/> and everything it reaches; a pattern that is not a regular
    /// expression is a problem, with its place in the schema.
    /// </summary>
    public static (SchemaPatterns? Patterns, string? Problem) Take(JsonSchema root)
    {
        var taken = new SchemaPatterns();
        var visited = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(JsonSchema Schema, string Path)>();
        pending.Push((root, "#"));
        while (pending.Count > 0)
        {
            var (schema, path) = pending.Pop();
            if (!visited.Add(schema)) continue;
            // Reachable first: taking the patternProperties out of the schema takes their schemas out of its reach.
            var reachable = Reachable(schema, path).ToList();
            if (taken.TakeFrom(schema, path) is { } problem) return (null, problem);
            for (var i = reachable.Count - 1; i >= 0; i--) pending.Push(reachable[i]);
        }
        return (taken, null);
    }

    private string? TakeFrom(JsonSchema schema, string path)
    {
        if (!string.IsNullOrEmpty(schema.Pattern))
        {
            var (pattern, problem) = Compile(schema.Pattern, path + "/pattern");
            if (pattern is null) return problem;
            patterns.Add(schema, pattern);
            schema.Pattern = null;
        }
        if (schema.PatternProperties.Count == 0) return null;

        var compiled = new List<(BoundedPattern, JsonSchema)>();
        foreach (var (key, value) in schema.PatternProperties)
        {
            var (pattern, problem) = Compile(key, path + "/patternProperties");
            if (pattern is null) return problem;
            compiled.Add((pattern, value));
        }
        var wasReference = schema.HasReference;
        schema.PatternProperties.Clear();
        // NJsonSchema takes a schema holding nothing but one allOf/anyOf/oneOf $ref for the referenced one; without its
        // patternProperties this one would become such a schema, and they would be silently skipped.
        if (schema.HasReference != wasReference)
        {
            return $"{path}: patternProperties beside a single allOf/anyOf/oneOf $ref are not supported; move them into the referenced definition";
        }
        patternProperties.Add(schema, compiled);
        return null;
    }

    private static (BoundedPattern? Pattern, string? Problem) Compile(string text, string path)
    {
        try
        {
            return (BoundedPattern.Create(text), null);
        }
        catch (ArgumentException e)
        {
            return (null, $"{path}: {Text.Quote(text)} is not a regular expression: {e.Message}");
        }
    }

    /// <summary>Every schema the validator can reach from <paramref name="schema"/>; definitions first, so they keep their own paths.</summary>
    private static IEnumerable<(JsonSchema Schema, string Path)> Reachable(JsonSchema schema, string path)
    {
        foreach (var (name, definition) in schema.Definitions) yield return (definition, $"{path}/definitions/{name}");
        if (schema.Reference is { } reference) yield return (reference, path + "/$ref");
        foreach (var (name, property) in schema.Properties) yield return (property, $"{path}/properties/{name}");
        foreach (var (key, value) in schema.PatternProperties) yield return (value, $"{path}/patternProperties/{key}");
        if (schema.AdditionalPropertiesSchema is { } additional) yield return (additional, path + "/additionalProperties");
        if (schema.Item is { } item) yield return (item, path + "/items");
        var index = 0;
        foreach (var each in schema.Items) yield return (each, $"{path}/items/{index++}");
        if (schema.AdditionalItemsSchema is { } additionalItems) yield return (additionalItems, path + "/additionalItems");
        index = 0;
        foreach (var each in schema.AllOf) yield return (each, $"{path}/allOf/{index++}");
        index = 0;
        foreach (var each in schema.AnyOf) yield return (each, $"{path}/anyOf/{index++}");
        index = 0;
        foreach (var each in schema.OneOf) yield return (each, $"{path}/oneOf/{index++}");
        if (schema.Not is { } not) yield return (not, path + "/not");
    }
}
