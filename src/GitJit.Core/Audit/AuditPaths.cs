using System.Globalization;
using System.Text.RegularExpressions;

namespace GitJit.Core.Audit;

/// <summary>Where records live in the access repository: <c>audit/&lt;pull&gt;/&lt;event&gt;.json</c>, one file per event.</summary>
public static partial class AuditPaths
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

    /// <summary>Reads a path back: <c>audit/42/granted.json</c> gives 42 and <see cref="AuditEvent.Granted"/>; any other path gives false.</summary>
    public static bool TryParse(string path, out int pullRequest, out AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(path);
        pullRequest = 0;
        auditEvent = default;
        var match = RecordPath().Match(path);
        if (!match.Success || !int.TryParse(match.Groups["pull"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out pullRequest)) return false;
        auditEvent = match.Groups["event"].Value switch
        {
            "granted" => AuditEvent.Granted,
            "refused" => AuditEvent.Refused,
            "revoked" => AuditEvent.Revoked,
            _ => AuditEvent.OrphanRevoked,
        };
        return true;
    }

    [GeneratedRegex(@"^audit/(?<pull>[1-9][0-9]{0,8})/(?<event>granted|refused|revoked|orphan-revoked)\.json\z", RegexOptions.CultureInvariant)]
    private static partial Regex RecordPath();
}
