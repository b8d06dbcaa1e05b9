using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>A record at the tip, at <see cref="Path"/>, and the commit that added it.</summary>
public sealed record AuditEntry(string Path, AuditRecord Record, string AddedBy, DateTimeOffset AddedAt);
