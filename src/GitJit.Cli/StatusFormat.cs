namespace GitJit.Cli;

/// <summary>How <c>gitjit status</c> prints: an aligned table for people, JSON for programs.</summary>
public enum StatusFormat
{
    Text,
    Json,
}
