using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>
/// The rules of a grant merged before its start (a <c>scheduled</c> record): provisioned at or after its start, never
/// after a cancellation, and not left unstarted once the start is more than the bound ago.
/// </summary>
internal static class ScheduleRules
{
    public static void Check(AuditRecord? scheduled, AuditRecord? granted, AuditRecord? refused, AuditRecord? revocation, DateTimeOffset now, TimeSpan bound,
        Action<string, string> report)
    {
        if (granted is not null && revocation is { Reason: AuditReason.Cancelled } cancellation)
        {
            report(AuditAnomalyCodes.GrantGrantedAfterCancellation,
                $"granted at {Time(granted.GrantedAt ?? granted.At)} although its schedule was cancelled at {Time(cancellation.RevokedAt ?? cancellation.At)}");
        }
        if (scheduled?.StartsAt is not { } start) return;
        if (granted is not null && (granted.GrantedAt ?? granted.At) < start)
        {
            report(AuditAnomalyCodes.GrantBeforeStart, $"granted at {Time(granted.GrantedAt ?? granted.At)}, before its scheduled start {Time(start)}");
        }
        if (granted is null && refused is null && revocation is null && now - start > bound)
        {
            report(AuditAnomalyCodes.GrantMissingStart, $"scheduled to start at {Time(start)}, {AuditVerifier.FormatDuration(now - start)} ago, and neither granted nor cancelled");
        }
    }

    private static string Time(DateTimeOffset time) => AuditJson.FormatTime(time);
}
