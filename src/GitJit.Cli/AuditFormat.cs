namespace GitJit.Cli;

/// <summary>How <c>gitjit audit</c> prints: an aligned table for people, JSON for programs, CSV for spreadsheets.</summary>
public enum AuditFormat
{
    Text,
    Json,
    Csv,
}
