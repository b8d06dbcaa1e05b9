using GitJit.Core.Audit;
using GitJit.Core.Model;

namespace GitJit.Audit;

/// <summary>
/// Checks the audit invariants over a set of records, grant by grant (by <see cref="AuditRecord.Request"/>):
/// exactly one granted record and, once expired by more than the bound, exactly one revoked or orphan-revoked
/// record; never granted and refused; no revocation later than expiry plus the bound; no revoked record without a
/// granted one (orphan-revoked needs none); no event recorded twice, credentials-issued and extended aside (see
/// <see cref="AuditAnomalyCodes.GrantCredentialsWithoutGrant"/> and the codes after it for the rules of reveals and
/// extensions). A grant's expiry is the last its records give it (<see cref="GrantExpiry"/>).
/// Pure: the time is passed in.
/// </summary>
public static class AuditVerifier
{
    /// <summary>How late a revocation may be: the reconciler's period of one minute plus slack, 90 s.</summary>
    public static TimeSpan DefaultBound { get; } = TimeSpan.FromSeconds(90);

    public static AuditVerification Verify(IEnumerable<AuditRecord> records, DateTimeOffset now) => Verify(records, now, DefaultBound);

    public static AuditVerification Verify(IEnumerable<AuditRecord> records, DateTimeOffset now, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, TimeSpan.Zero);
        var timeline = new List<GrantTimeline>();
        var anomalies = new List<AuditAnomaly>();
        var all = records.ToList();
        foreach (var story in all.GroupBy(r => r.Request, StringComparer.Ordinal))
        {
            timeline.Add(Check(story.Key, [.. story], now, bound, anomalies));
        }
        ExtensionRules.CheckRequests(all, (request, code, message) => anomalies.Add(new AuditAnomaly(code, message) { Request = request }));
        timeline.Sort((a, b) =>
        {
            var byTime = Nullable.Compare(a.GrantedAt ?? a.RevokedAt ?? a.StartsAt, b.GrantedAt ?? b.RevokedAt ?? b.StartsAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Request, b.Request);
        });
        return new AuditVerification(timeline, anomalies);
    }

    private static GrantTimeline Check(string request, List<AuditRecord> story, DateTimeOffset now, TimeSpan bound, List<AuditAnomaly> anomalies)
    {
        void Report(string code, string message) => anomalies.Add(new AuditAnomaly(code, message) { Request = request });

        var byEvent = story.ToLookup(r => r.Event);
        foreach (var events in byEvent.Where(e => !AuditPaths.IsNumbered(e.Key) && e.Count() > 1))
        {
            Report(AuditAnomalyCodes.GrantDuplicate, $"{events.Count()} {AuditPaths.Name(events.Key)} records; there must be one");
        }
        var granted = byEvent[AuditEvent.Granted].FirstOrDefault();
        var refused = byEvent[AuditEvent.Refused].FirstOrDefault();
        var revoked = byEvent[AuditEvent.Revoked].FirstOrDefault();
        var orphan = byEvent[AuditEvent.OrphanRevoked].FirstOrDefault();
        var revocation = revoked ?? orphan;
        if (revoked is not null && orphan is not null) Report(AuditAnomalyCodes.GrantDuplicate, "both a revoked and an orphan-revoked record; a grant is revoked once");
        if (granted is not null && refused is not null) Report(AuditAnomalyCodes.GrantGrantedAndRefused, "both granted and refused");
        var scheduled = byEvent[AuditEvent.Scheduled].FirstOrDefault();
        var cancelled = revoked is { Reason: AuditReason.Cancelled } && scheduled is not null;
        // A cancelled schedule is a revocation of a grant that never began: the one kind of revoked record without a grant.
        if (revoked is not null && granted is null && !cancelled) Report(AuditAnomalyCodes.GrantRevokedWithoutGrant, "revoked, but never granted");
        ScheduleRules.Check(scheduled, granted, refused, revocation, now, bound, Report);
        if (granted is not null && granted.ExpiresAt is null) Report(AuditAnomalyCodes.GrantNoExpiry, "granted without an expiry");

        var extensions = byEvent[AuditEvent.Extended].OrderBy(r => r.Sequence ?? int.MaxValue).ThenBy(r => r.At).ToList();
        ExtensionRules.Check(extensions, granted, revocation, Report);
        var expiresAt = (granted is null ? null : GrantExpiry.Of([granted, .. extensions])) ?? revocation?.ExpiresAt;
        var revokedAt = revocation is null ? (DateTimeOffset?)null : revocation.RevokedAt ?? revocation.At;
        TimeSpan? lateness = null;
        if (expiresAt is { } expiry)
        {
            if (revokedAt is { } at)
            {
                lateness = at > expiry ? at - expiry : null;
                if (lateness > bound) Report(AuditAnomalyCodes.GrantLateRevocation, $"revoked {FormatDuration(lateness.Value)} after it expired at {AuditJson.FormatTime(expiry)}; the bound is {FormatDuration(bound)}");
            }
            else if (granted is not null && now > expiry)
            {
                lateness = now - expiry;
                if (lateness > bound) Report(AuditAnomalyCodes.GrantMissingRevocation, $"expired at {AuditJson.FormatTime(expiry)}, {FormatDuration(lateness.Value)} ago, and was never revoked");
            }
        }

        var emergency = EmergencyRules.Check(granted, byEvent[AuditEvent.Reviewed].FirstOrDefault(), byEvent[AuditEvent.Unreviewed].FirstOrDefault(), now, bound, Report);

        var reveals = byEvent[AuditEvent.CredentialsIssued].ToList();
        CredentialsIssuedRules.Check(reveals, granted, expiresAt, revocation, revokedAt, Report);

        var first = granted ?? refused ?? scheduled ?? revoked ?? orphan ?? story[0];
        var status = (scheduled, granted, refused, revocation) switch
        {
            (not null, null, null, null) => GrantStatus.Scheduled,
            (not null, null, null, { Reason: AuditReason.Cancelled }) => GrantStatus.Cancelled,
            _ => Status(granted, refused, revoked, orphan, expiresAt, now, lateness, bound),
        };
        return new GrantTimeline(
            request, status, first.Requester, first.Resource, first.Role, granted?.GrantedAt ?? granted?.At, expiresAt, revokedAt, revocation?.Reason, lateness)
        {
            CredentialsIssued = CredentialsIssuedRules.Reveals(reveals),
            Extensions = extensions.Count == 0 ? [] : [.. extensions.Select(e => new GrantExtension(e.Sequence, e.At, e.By, e.ExpiresAt, e.Extension) { PullRequest = e.ExtensionPullRequest })],
            Emergency = emergency,
            StartsAt = scheduled?.StartsAt,
        };
    }

    private static GrantStatus Status(AuditRecord? granted, AuditRecord? refused, AuditRecord? revoked, AuditRecord? orphan, DateTimeOffset? expiresAt, DateTimeOffset now, TimeSpan? lateness, TimeSpan bound) =>
        (granted, refused, revoked ?? orphan) switch
        {
            (null, not null, null) => GrantStatus.Refused,
            (null, null, not null) when revoked is null => GrantStatus.OrphanRevoked,
            (not null, null, not null) => GrantStatus.Revoked,
            (not null, null, null) when expiresAt is { } expiry => now <= expiry ? GrantStatus.Active : lateness > bound ? GrantStatus.Overdue : GrantStatus.Expiring,
            _ => GrantStatus.Incomplete,
        };

    /// <summary>A duration in whole seconds, rounded up, the way policies write it: <c>2m31s</c>.</summary>
    public static string FormatDuration(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? "0s" : GrantDuration.Format(TimeSpan.FromSeconds(Math.Ceiling(duration.TotalSeconds)));
}
