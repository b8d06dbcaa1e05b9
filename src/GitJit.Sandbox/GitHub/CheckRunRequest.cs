namespace GitJit.Sandbox.GitHub;

/// <summary>The body of POST and PATCH …/check-runs; absent fields leave the run as it was.</summary>
internal sealed record CheckRunRequest(
    string? Name,
    string? HeadSha,
    string? Status,
    string? Conclusion,
    string? ExternalId,
    string? DetailsUrl,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    CheckRunOutputRequest? Output);

/// <summary>The "output" of a check run request; annotations are at most 50 per request.</summary>
internal sealed record CheckRunOutputRequest(string? Title, string? Summary, string? Text, IReadOnlyList<AnnotationRequest>? Annotations);

/// <summary>One annotation in a check run request.</summary>
internal sealed record AnnotationRequest(
    string? Path,
    int? StartLine,
    int? EndLine,
    string? AnnotationLevel,
    string? Message,
    string? Title,
    string? RawDetails);
