using System.Text.Json.Serialization;

namespace GitJit.Sandbox.GitHub;

/// <summary>GitHub's error body: message, documentation_url, status, and for 422 the field errors.</summary>
internal sealed record ErrorPayload(
    string Message,
    string DocumentationUrl,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ValidationErrorPayload>? Errors);

/// <summary>One entry of a 422's "errors" array; a "custom" error has a message and no field.</summary>
internal sealed record ValidationErrorPayload(
    string Resource,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);
