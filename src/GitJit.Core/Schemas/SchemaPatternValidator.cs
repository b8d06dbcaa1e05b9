using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace GitJit.Core.Schemas;

/// <summary>
/// NJsonSchema's validator, with the schema's patterns applied from <see cref="SchemaPatterns"/> in bounded time. One
/// per document: it remembers the first pattern that was too slow, and after it matches no other pattern of the
/// document (which fails anyway), so a document costs at most one deadline.
/// </summary>
internal sealed class SchemaPatternValidator(SchemaPatterns patterns, JsonSchemaValidatorSettings settings) : JsonSchemaValidator(settings)
{
    /// <summary>The first pattern that took too long in this document, where, and on which field.</summary>
    public (BoundedPattern Pattern, JToken Token, string Field)? TooSlow { get; private set; }

    protected override ICollection<ValidationError> Validate(JToken token, JsonSchema schema, SchemaType schemaType, string? propertyName, string propertyPath)
    {
        var errors = base.Validate(token, schema, schemaType, propertyName, propertyPath);
        if (token.Type == JTokenType.String && patterns.PatternOf(schema) is { } pattern
            && Match(pattern, token.Value<string>()!, token, propertyPath) == PatternMatch.NoMatch)
        {
            errors.Add(new ValidationError(ValidationErrorKind.PatternMismatch, propertyName, propertyPath, token, schema));
        }
        if (token is JObject json && patterns.PatternPropertiesOf(schema) is { Count: > 0 } patternProperties)
        {
            return ValidatePatternProperties(json, schema, schemaType, patternProperties, errors);
        }
        return errors;
    }

    /// <summary>
    /// JSON Schema's patternProperties: a property no <c>properties</c> entry names but a pattern matches is no
    /// additional property, and its value must be valid against the schema of every pattern that matches its name.
    /// NJsonSchema, which no longer sees the patterns, took such properties for additional ones: those errors go.
    /// </summary>
    private List<ValidationError> ValidatePatternProperties(JObject json, JsonSchema schema, SchemaType schemaType,
        IReadOnlyList<(BoundedPattern Key, JsonSchema Schema)> patternProperties, ICollection<ValidationError> errors)
    {
        var result = errors.ToList();
        var valuesInvalid = new List<ValidationError>();
        foreach (var property in json.Properties())
        {
            if (schema.Properties.ContainsKey(property.Name)) continue;
            var matched = false;
            foreach (var (key, valueSchema) in patternProperties)
            {
                var match = Match(key, property.Name, property, property.Path);
                if (match == PatternMatch.NoMatch) continue;
                matched = true;
                if (match == PatternMatch.TooSlow) continue;
                var valueErrors = Validate(property.Value, valueSchema.ActualSchema, schemaType, null, property.Path);
                if (valueErrors.Count > 0)
                {
                    valuesInvalid.Add(new ChildSchemaValidationError(ValidationErrorKind.AdditionalPropertiesNotValid, property.Name, property.Path,
                        new Dictionary<JsonSchema, ICollection<ValidationError>> { [valueSchema] = valueErrors }, property.Value, valueSchema));
                }
            }
            if (matched)
            {
                result.RemoveAll(e => e.Kind is ValidationErrorKind.NoAdditionalPropertiesAllowed or ValidationErrorKind.AdditionalPropertiesNotValid
                    && e.Property == property.Name && (ReferenceEquals(e.Token, property) || ReferenceEquals(e.Token, property.Value)));
            }
        }
        result.AddRange(valuesInvalid);
        return result;
    }

    private PatternMatch Match(BoundedPattern pattern, string value, JToken token, string field)
    {
        // After one pattern was too slow the document is refused anyway: nothing more is worth a deadline.
        if (TooSlow is not null && !pattern.IsTooSlow) return PatternMatch.Match;
        var match = pattern.Match(value);
        if (match == PatternMatch.TooSlow) TooSlow ??= (pattern, token, field);
        return match;
    }
}
