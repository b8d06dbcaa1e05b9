using System.Globalization;

namespace GitJit.Core.Audit;

/// <summary>Where records live in the access repository: <c>audit/&lt;pull&gt;/&lt;event&gt;.json</c>, one file per event.</summary>
public static class AuditPaths
{
    public const string Folder = "audit";

    public static string For(int pullRequest, AuditEvent auditEvent) =>
        string.Create(CultureInfo.InvariantCulture, $"{Folder}/{pullRequest}/{Name(auditEvent)}.json");

    public static string Name(AuditEvent auditEvent) => auditEvent switch
    {
        AuditEvent.Granted => "granted",
        AuditEvent.Refused => "refused",
        AuditEvent.Revoked => "revoked",
        AuditEvent.OrphanRevoked => "orphan-revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(auditEvent)),
    };
}
