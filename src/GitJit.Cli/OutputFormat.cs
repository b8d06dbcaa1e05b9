namespace GitJit.Cli;

/// <summary>How findings are printed: for people, for programs, or as GitHub Actions workflow commands.</summary>
public enum OutputFormat
{
    Text,
    Json,
    Github,
}
