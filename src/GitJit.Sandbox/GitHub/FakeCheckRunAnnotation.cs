namespace GitJit.Sandbox.GitHub;

/// <summary>One annotation on a check run; <see cref="AnnotationLevel"/> is notice, warning or failure.</summary>
public sealed record FakeCheckRunAnnotation(
    string Path,
    int StartLine,
    int EndLine,
    string AnnotationLevel,
    string Message,
    string? Title,
    string? RawDetails);
