namespace GitJit.Audit;

/// <summary>
/// What <see cref="AuditHistory.Read(string, DateTimeOffset?)"/> found: the records at <see cref="Tip"/> (null for a
/// repository without commits), each with the commit that added it, in path order, and the anomalies in the files
/// and their history.
/// </summary>
public sealed record AuditHistoryReport(string? Tip, IReadOnlyList<AuditEntry> Entries, IReadOnlyList<AuditAnomaly> Anomalies);
