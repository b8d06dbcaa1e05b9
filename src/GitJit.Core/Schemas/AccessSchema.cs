using System.Reflection;
using GitJit.Core.Yaml;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.References;
using NJsonSchema.Validation;

namespace GitJit.Core.Schemas;

/// <summary>
/// A JSON Schema (draft-07) that access files are validated against. Loading never reaches outside the
/// document: a <c>$ref</c> to a file or URL is refused, so a schema on a branch cannot make the bot fetch anything.
/// Its regular expressions (<c>pattern</c>, <c>patternProperties</c>) are <see cref="BoundedPattern"/>s: no pattern can
/// stall a reader, and one that takes too long is reported (<c>schema.pattern-timeout</c>) and not run again.
/// Instances are safe to share between threads.
/// </summary>
public sealed class AccessSchema
{
    /// <summary>Where the request schema lives in an access repository.</summary>
    public const string RequestPath = "schemas/access-request.schema.json";

    /// <summary>Where the policy schema lives in an access repository.</summary>
    public const string PolicyPath = "schemas/policy.schema.json";

    // The format validators are built once; each document gets a validator of its own, which is cheap.
    private static readonly JsonSchemaValidatorSettings Settings = new();

    private readonly JsonSchema schema;
    private readonly SchemaPatterns patterns;

    private AccessSchema(string path, JsonSchema schema, SchemaPatterns patterns)
    {
        Path = path;
        this.schema = schema;
        this.patterns = patterns;
    }

    /// <summary>The file the schema was read from.</summary>
    public string Path { get; }

    /// <summary>Reads a schema; a broken one yields a finding against its file instead.</summary>
    public static async Task<(AccessSchema? Schema, Finding? Problem)> LoadAsync(string path, string json, CancellationToken cancellationToken)
    {
        try
        {
            // NJsonSchema gives null, not an exception, for a file that is empty, blank or the JSON literal null.
            if (await JsonSchema.FromJsonAsync(json, documentPath: null, root => new LocalReferenceResolver(root), cancellationToken).ConfigureAwait(false) is not { } schema)
            {
                return (null, Finding.Error(path, SourcePosition.File, "schema.invalid", "schema is empty or null; a schema is a JSON object"));
            }
            var (patterns, problem) = SchemaPatterns.Take(schema);
            if (patterns is null) return (null, Finding.Error(path, SourcePosition.File, "schema.invalid", "schema cannot be used: " + problem));
            return (new AccessSchema(path, schema, patterns), null);
        }
        catch (JsonException e)
        {
            return (null, Finding.Error(path, SourcePosition.File, "schema.invalid", "schema is not valid JSON: " + e.Message));
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or InvalidCastException)
        {
            return (null, Finding.Error(path, SourcePosition.File, "schema.invalid", "schema cannot be used: " + e.Message));
        }
    }

    /// <summary>The text of the schema GitJit ships for <paramref name="path"/>.</summary>
    public static string BuiltInText(string path)
    {
        var name = "GitJit.Schemas." + System.IO.Path.GetFileName(path);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new ArgumentException($"GitJit ships no schema named {path}", nameof(path));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Reads an access file safely and validates it: the mapping it holds, with every YAML or schema finding; the
    /// mapping is null when the file is not a YAML mapping at all.
    /// </summary>
    public (YamlMapping? Root, IReadOnlyList<Finding> Findings) Read(string path, ReadOnlySpan<byte> content)
    {
        var (node, yamlFindings) = SafeYamlReader.Read(path, content);
        if (node is null) return (null, yamlFindings);
        if (node is not YamlMapping root)
        {
            return (null, [Finding.Error(path, node.Start, "schema.wrong-type", $"the file must be a YAML mapping of fields, not {node.Kind}")]);
        }
        return (root, Validate(path, root));
    }

    /// <summary>Every schema violation in <paramref name="document"/>, each at its line in <paramref name="filePath"/>.</summary>
    public IReadOnlyList<Finding> Validate(string filePath, YamlNode document)
    {
        var validator = new SchemaPatternValidator(patterns, Settings);
        var errors = validator.Validate(YamlJson.Convert(document, positions: null), schema);
        var firstTooSlow = validator.TooSlow;
        if (errors.Count == 0 && firstTooSlow is null) return [];

        // Errors are rare: only then build the JSON again, remembering where each token came from. A pattern that was
        // too slow the first time is not run again, so this costs no second deadline.
        var positions = new Dictionary<JToken, SourcePosition>(ReferenceEqualityComparer.Instance);
        var json = YamlJson.Convert(document, positions);
        validator = new SchemaPatternValidator(patterns, Settings);
        List<Finding> findings = [.. Flatten(validator.Validate(json, schema)).Select(error => SchemaMessages.ToFinding(filePath, error, YamlJson.PositionOf(error.Token, positions)))];
        // Blame the value that missed the deadline, not whichever met the pattern first once it was known to be too slow.
        if ((firstTooSlow is { } first ? first with { Token = Counterpart(first.Token, json) } : validator.TooSlow) is { } slow)
        {
            findings.Add(SchemaMessages.TooSlow(filePath, YamlJson.PositionOf(slow.Token, positions), slow.Field, slow.Pattern, Path));
        }
        return findings;
    }

    /// <summary>The token at the same place in <paramref name="root"/>, a second conversion of the same document.</summary>
    private static JToken Counterpart(JToken token, JToken root)
    {
        var steps = new Stack<int>();
        for (var at = token; at.Parent is { } parent; at = parent) steps.Push(parent.Children().TakeWhile(c => !ReferenceEquals(c, at)).Count());
        var counterpart = root;
        while (steps.Count > 0) counterpart = counterpart.Children().ElementAt(steps.Pop());
        return counterpart;
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var inner in Flatten(child.Errors.Values.SelectMany(e => e)))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return error;
            }
        }
    }

    private sealed class LocalReferenceResolver(JsonSchema root)
        : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException($"$ref to a file ({filePath}) is not allowed; keep definitions in the schema");

        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException($"$ref to a URL ({url}) is not allowed; keep definitions in the schema");
    }
}
