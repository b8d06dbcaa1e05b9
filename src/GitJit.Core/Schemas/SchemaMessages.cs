using NJsonSchema;
using NJsonSchema.Validation;

namespace GitJit.Core.Schemas;

/// <summary>Turns NJsonSchema's validation errors into findings a requester understands.</summary>
internal static class SchemaMessages
{
    public static Finding ToFinding(string filePath, ValidationError error, SourcePosition at) =>
        Finding.Error(filePath, at, "schema." + Code(error.Kind), Message(error));

    /// <summary>A value the schema could not check, because its pattern took longer than <see cref="BoundedPattern.MatchTimeout"/>.</summary>
    public static Finding TooSlow(string filePath, SourcePosition at, string field, BoundedPattern pattern, string schemaPath) =>
        Finding.Error(filePath, at, "schema.pattern-timeout",
            $"{Shown(FieldName(field))} could not be checked: the pattern {Text.Quote(pattern.Text)} in {schemaPath} took longer than " +
            $"{BoundedPattern.MatchTimeout.TotalMilliseconds:0} ms to match, so GitJit no longer runs it; the schema must be fixed on the base branch");

    private static string Message(ValidationError error)
    {
        var field = FieldName(error.Path);
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"missing required field '{Join(field, error.Property)}'",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"unknown field {Text.Quote(field)}{Allowed(schema)}",
            ValidationErrorKind.StringExpected => $"{field} must be text; put it in quotes",
            ValidationErrorKind.IntegerExpected => $"{field} must be a whole number",
            ValidationErrorKind.NumberExpected => $"{field} must be a number",
            ValidationErrorKind.BooleanExpected => $"{field} must be true or false",
            ValidationErrorKind.ArrayExpected => $"{field} must be a list",
            ValidationErrorKind.ObjectExpected => field == "the file" ? "the file must be a YAML mapping of fields" : $"{field} must be a mapping",
            ValidationErrorKind.NullExpected => $"{field} must be empty",
            ValidationErrorKind.StringTooShort => $"{field} is too short: at least {schema.MinLength} characters",
            ValidationErrorKind.StringTooLong => $"{field} is too long: at most {schema.MaxLength} characters",
            ValidationErrorKind.PatternMismatch => $"{field} is not valid" + Described(schema),
            ValidationErrorKind.NotInEnumeration => $"{field} must be one of {string.Join(", ", schema.Enumeration)}",
            ValidationErrorKind.NumberTooSmall => $"{field} must be at least {schema.Minimum}",
            ValidationErrorKind.NumberTooBig => $"{field} must be at most {schema.Maximum}",
            ValidationErrorKind.ItemsNotUnique => $"{field} lists the same value twice",
            ValidationErrorKind.TooManyItems => $"{field} has too many items: at most {schema.MaxItems}",
            ValidationErrorKind.TooFewItems => $"{field} needs at least {schema.MinItems} item(s)",
            ValidationErrorKind.TooManyProperties => $"{field} has too many entries: at most {schema.MaxProperties}",
            ValidationErrorKind.TooFewProperties => $"{field} needs at least {schema.MinProperties} entry",
            _ => $"{field} does not match the schema ({error.Kind})",
        };
    }

    /// <summary>A field name as it is when plain (guardrails.tables[0]), else quoted: names can be a hostile file's keys.</summary>
    private static string Shown(string field) =>
        field.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '[' or ']' or ' ') && field.Length <= 64 ? field : Text.Quote(field);

    /// <summary>"#/guardrails.tables[0]" → "guardrails.tables[0]"; the root is "the file".</summary>
    private static string FieldName(string? path)
    {
        var trimmed = (path ?? "").TrimStart('#').TrimStart('/');
        return trimmed.Length == 0 ? "the file" : trimmed;
    }

    private static string Join(string field, string? property) =>
        field == "the file" || field.EndsWith(property ?? "", StringComparison.Ordinal) ? property ?? field : $"{field}.{property}";

    private static string Allowed(JsonSchema schema)
    {
        var names = schema.ActualSchema.ActualProperties.Keys.ToList();
        return names.Count == 0 ? "" : $"; expected {string.Join(", ", names)}";
    }

    private static string Described(JsonSchema schema)
    {
        var description = schema.Description ?? schema.ActualSchema.Description;
        return description is null ? "" : ": " + description;
    }

    private static string Code(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.PropertyRequired => "missing-field",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "unknown-field",
        ValidationErrorKind.StringExpected or ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected
            or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ArrayExpected or ValidationErrorKind.ObjectExpected
            or ValidationErrorKind.NullExpected => "wrong-type",
        ValidationErrorKind.StringTooShort or ValidationErrorKind.StringTooLong => "length",
        ValidationErrorKind.PatternMismatch => "pattern",
        ValidationErrorKind.NotInEnumeration => "not-allowed-value",
        _ => "invalid",
    };
}
