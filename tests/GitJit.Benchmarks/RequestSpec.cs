namespace GitJit.Benchmarks;

/// <summary>
/// One generated request: <c>access-requests/&lt;Resource&gt;/&lt;FileName&gt;</c>. <c>Extra</c> is a line with a
/// property the schema does not know, written only into deliberately invalid requests.
/// </summary>
internal sealed record RequestSpec(
    string FileName,
    string Requester,
    string Resource,
    string Role,
    string Duration,
    string Reason,
    string? Ticket,
    RequestGuardrails? Guardrails,
    string? Extra = null)
{
    public string Path => $"access-requests/{Resource}/{FileName}";
}

/// <summary>Guardrails a request adds; each only narrows its role's. Null means "as the role says".</summary>
internal sealed record RequestGuardrails(
    IReadOnlyList<string>? Privileges = null,
    IReadOnlyList<string>? Schemas = null,
    IReadOnlyList<string>? Tables = null,
    bool? ReadOnly = null,
    string? StatementTimeout = null,
    int? MaxConnections = null);
