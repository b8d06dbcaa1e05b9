using GitJit.Core.Audit;

namespace GitJit.Audit.Tests;

public sealed class AuditVerifierTests
{
    private static readonly DateTimeOffset Expiry = Records.Noon.AddHours(2);
    private static readonly DateTimeOffset Later = Records.Noon.AddDays(1);

    [Fact]
    public void CleanStories_HaveNoAnomalies_AndATimelineEach()
    {
        var records = new[]
        {
            Records.Granted(1), Records.Revoked(1, Expiry.AddSeconds(31)),
            Records.Granted(2), Records.Revoked(2, Records.Noon.AddMinutes(10), AuditReason.Early),
            Records.Refused(3),
            Records.OrphanRevoked(4, Records.Noon.AddMinutes(5)),
            Records.Granted(5, Later.AddHours(-1)),
            Records.Granted(6, Later.AddHours(-2).AddSeconds(-30)),
        };

        var verification = AuditVerifier.Verify(records, Later);

        Assert.Empty(verification.Anomalies);
        Assert.True(verification.IsClean);
        Assert.Equal(
            [
                ("acme/access#3", GrantStatus.Refused, null),
                ("acme/access#1", GrantStatus.Revoked, (TimeSpan?)TimeSpan.FromSeconds(31)),
                ("acme/access#2", GrantStatus.Revoked, null),
                ("acme/access#4", GrantStatus.OrphanRevoked, null),
                ("acme/access#6", GrantStatus.Expiring, TimeSpan.FromSeconds(30)),
                ("acme/access#5", GrantStatus.Active, null),
            ],
            verification.Timeline.Select(t => (t.Request, t.Status, t.Lateness)));
        var first = verification.Timeline.Single(t => t.Request == "acme/access#1");
        Assert.Equal(new GrantTimeline("acme/access#1", GrantStatus.Revoked, "alice", "orders-db", "read-only", Records.Noon, Expiry, Expiry.AddSeconds(31), AuditReason.Expired, TimeSpan.FromSeconds(31)), first);
    }

    [Fact]
    public void ExpiredGrantWithoutRevocation_BeyondTheBound_IsMissingARevocation()
    {
        var verification = AuditVerifier.Verify([Records.Granted(1)], Expiry.AddSeconds(91));

        var anomaly = Assert.Single(verification.Anomalies);
        Assert.Equal((AuditAnomalyCodes.GrantMissingRevocation, "acme/access#1"), (anomaly.Code, anomaly.Request));
        Assert.Equal("expired at 2026-11-28T14:00:00Z, 1m31s ago, and was never revoked", anomaly.Message);
        Assert.Equal(GrantStatus.Overdue, verification.Timeline.Single().Status);
    }

    [Fact]
    public void RevocationLaterThanTheBound_IsLate()
    {
        var verification = AuditVerifier.Verify([Records.Granted(1), Records.Revoked(1, Expiry.AddSeconds(91))], Later);

        var anomaly = Assert.Single(verification.Anomalies);
        Assert.Equal(AuditAnomalyCodes.GrantLateRevocation, anomaly.Code);
        Assert.Equal("revoked 1m31s after it expired at 2026-11-28T14:00:00Z; the bound is 1m30s", anomaly.Message);
    }

    [Fact]
    public void Bound_IsAParameter()
    {
        var records = new[] { Records.Granted(1), Records.Revoked(1, Expiry.AddSeconds(91)) };

        Assert.Empty(AuditVerifier.Verify(records, Later, TimeSpan.FromMinutes(2)).Anomalies);
        Assert.Single(AuditVerifier.Verify(records, Later, TimeSpan.FromSeconds(30)).Anomalies);
    }

    [Fact]
    public void LateOrphanRevocation_OfAGrantWhoseRecordWasLost_IsLate()
    {
        var verification = AuditVerifier.Verify([Records.OrphanRevoked(1, Expiry.AddMinutes(10), Expiry)], Later);

        Assert.Equal([AuditAnomalyCodes.GrantLateRevocation], verification.Anomalies.Select(a => a.Code));
    }

    [Fact]
    public void DuplicateRecords_AreAnomalies()
    {
        var verification = AuditVerifier.Verify(
            [Records.Granted(1), Records.Granted(1), Records.Revoked(1, Expiry), Records.Granted(2), Records.Revoked(2, Expiry), Records.OrphanRevoked(2, Expiry)],
            Later);

        Assert.Equal(
            [(AuditAnomalyCodes.GrantDuplicate, "acme/access#1", "2 granted records; there must be one"),
             (AuditAnomalyCodes.GrantDuplicate, "acme/access#2", "both a revoked and an orphan-revoked record; a grant is revoked once")],
            verification.Anomalies.Select(a => (a.Code, a.Request!, a.Message)));
    }

    [Fact]
    public void RevokedWithoutGranted_IsAnAnomaly()
    {
        var verification = AuditVerifier.Verify([Records.Revoked(1, Expiry)], Later);

        Assert.Equal([AuditAnomalyCodes.GrantRevokedWithoutGrant], verification.Anomalies.Select(a => a.Code));
        Assert.Equal(GrantStatus.Incomplete, verification.Timeline.Single().Status);
    }

    [Fact]
    public void GrantedAndRefused_IsAnAnomaly()
    {
        var verification = AuditVerifier.Verify([Records.Granted(1), Records.Refused(1), Records.Revoked(1, Expiry)], Later);

        Assert.Equal([AuditAnomalyCodes.GrantGrantedAndRefused], verification.Anomalies.Select(a => a.Code));
        Assert.Equal(GrantStatus.Incomplete, verification.Timeline.Single().Status);
    }

    [Fact]
    public void GrantWithoutExpiry_IsAnAnomaly()
    {
        var verification = AuditVerifier.Verify([Records.Granted(1) with { ExpiresAt = null }], Later);

        Assert.Equal([AuditAnomalyCodes.GrantNoExpiry], verification.Anomalies.Select(a => a.Code));
    }
}
