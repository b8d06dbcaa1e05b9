using GitJit.Core.Audit;

namespace GitJit.Cli.Status;

/// <summary>When a grant ends, from its records. The one place that decides it: a later event that moves the end (an extension) changes this alone.</summary>
public static class GrantExpiry
{
    /// <summary>The <c>granted</c> record's <c>expiresAt</c>; null when there is no granted record or it has no expiry.</summary>
    public static DateTimeOffset? Of(IEnumerable<AuditRecord> grantRecords) =>
        grantRecords.FirstOrDefault(r => r.Event == AuditEvent.Granted)?.ExpiresAt;
}
