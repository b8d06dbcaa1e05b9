using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>
/// The records at the audit branch's tip (<see cref="Tip"/>; null while the branch does not exist), in path order,
/// and the files under audit/ that are not readable records.
/// </summary>
public sealed record AuditSnapshot(string? Tip, IReadOnlyList<AuditRecord> Records, IReadOnlyList<AuditAnomaly> Problems);
