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

    [Fact]
    public void ManyReveals_WithinTheGrant_AreClean_AndListedOnTheTimeline()
    {
        var records = new[]
        {
            Records.Granted(1), Records.CredentialsIssued(1, 2, Records.Noon.AddMinutes(20)), Records.CredentialsIssued(1, 1, Records.Noon),
            Records.CredentialsIssued(1, 3, Expiry), Records.Revoked(1, Expiry.AddSeconds(5)) with { CredentialsIssued = 3 },
            Records.Granted(2), Records.Revoked(2, Expiry) with { CredentialsIssued = 0 },
        };

        var verification = AuditVerifier.Verify(records, Later);

        Assert.Empty(verification.Anomalies);
        Assert.Equal(
            [new CredentialsReveal(1, Records.Noon, "alice"), new CredentialsReveal(2, Records.Noon.AddMinutes(20), "alice"), new CredentialsReveal(3, Expiry, "alice")],
            verification.Timeline.Single(t => t.Request == "acme/access#1").CredentialsIssued);
        Assert.Empty(verification.Timeline.Single(t => t.Request == "acme/access#2").CredentialsIssued);
        Assert.Equal(GrantStatus.Revoked, verification.Timeline.Single(t => t.Request == "acme/access#1").Status);
    }

    [Fact]
    public void RevealsWithoutAGrant_AreAnomalies_AndTheTimelineStillTellsWhose()
    {
        var verification = AuditVerifier.Verify(
            [Records.CredentialsIssued(1, 1, Records.Noon), Records.Refused(2), Records.CredentialsIssued(2, 1, Records.Noon)],
            Later);

        Assert.Equal(
            [(AuditAnomalyCodes.GrantCredentialsWithoutGrant, "acme/access#1", "1 credentials-issued record(s), but never granted"),
             (AuditAnomalyCodes.GrantCredentialsWithoutGrant, "acme/access#2", "1 credentials-issued record(s), but never granted")],
            verification.Anomalies.Select(a => (a.Code, a.Request!, a.Message)));
        var first = verification.Timeline.Single(t => t.Request == "acme/access#1");
        Assert.Equal((GrantStatus.Incomplete, "alice", "orders-db"), (first.Status, first.Requester, first.Resource));
        Assert.Equal(GrantStatus.Refused, verification.Timeline.Single(t => t.Request == "acme/access#2").Status);
    }

    [Fact]
    public void RevealsOutsideTheGrantsWindow_AreAnomalies()
    {
        var verification = AuditVerifier.Verify(
            [
                Records.Granted(1), Records.CredentialsIssued(1, 1, Records.Noon.AddSeconds(-1)), Records.CredentialsIssued(1, 2, Expiry.AddSeconds(1)),
                Records.Revoked(1, Expiry.AddSeconds(2)),
                Records.Granted(2), Records.Revoked(2, Records.Noon.AddMinutes(10), AuditReason.Early), Records.CredentialsIssued(2, 1, Records.Noon.AddMinutes(10)),
                Records.CredentialsIssued(2, 2, Records.Noon.AddMinutes(11)),
            ],
            Later);

        Assert.Equal(
            [
                ("acme/access#1", "reveal 1: credentials issued at 2026-11-28T11:59:59Z, before the grant began at 2026-11-28T12:00:00Z"),
                ("acme/access#1", "reveal 2: credentials issued at 2026-11-28T14:00:01Z, after the grant expired at 2026-11-28T14:00:00Z"),
                ("acme/access#2", "reveal 2: credentials issued at 2026-11-28T12:11:00Z, after the grant was revoked at 2026-11-28T12:10:00Z (revoked)"),
            ],
            verification.Anomalies.Select(a => (a.Request!, a.Message)));
        Assert.All(verification.Anomalies, a => Assert.Equal(AuditAnomalyCodes.GrantCredentialsOutsideWindow, a.Code));
    }

    [Fact]
    public void RevealsToSomeoneElse_AreAnomalies()
    {
        var verification = AuditVerifier.Verify(
            [Records.Granted(1), Records.CredentialsIssued(1, 1, Records.Noon) with { By = "mallory\u001b[2J" }, Records.CredentialsIssued(1, 2, Records.Noon) with { By = null }],
            Records.Noon.AddMinutes(1));

        Assert.Equal(
            [(AuditAnomalyCodes.GrantCredentialsNotRequester, "reveal 1: credentials issued to 'mallory\\u001B[2J', not to the requester 'alice'"),
             (AuditAnomalyCodes.GrantCredentialsNotRequester, "reveal 2: credentials issued to no one named, not to the requester 'alice'")],
            verification.Anomalies.Select(a => (a.Code, a.Message)));
    }

    [Theory]
    [InlineData(new[] { 1, 3 }, "credentials-issued sequences are 1 and 3, not 1 to 2")]
    [InlineData(new[] { 2 }, "credentials-issued sequences are 2, not 1")]
    [InlineData(new[] { 1, 2, 2 }, "credentials-issued sequences are 1, 2 and 2, not 1 to 3")]
    [InlineData(new[] { 0, 1 }, "credentials-issued sequences are none and 1, not 1 to 2")]
    public void SequencesThatAreNotOneToN_AreAnAnomaly(int[] sequences, string message)
    {
        var reveals = sequences.Select((s, i) => Records.CredentialsIssued(1, s, Records.Noon.AddMinutes(i)) with { Sequence = s == 0 ? null : s });

        var verification = AuditVerifier.Verify([Records.Granted(1), .. reveals], Records.Noon.AddMinutes(10));

        var anomaly = Assert.Single(verification.Anomalies);
        Assert.Equal((AuditAnomalyCodes.GrantCredentialsSequence, message), (anomaly.Code, anomaly.Message));
    }

    [Fact]
    public void ARevocationCountingFewerRevealsThanPrecedeIt_IsUndercounted()
    {
        var reveals = new[] { Records.CredentialsIssued(1, 1, Records.Noon), Records.CredentialsIssued(1, 2, Records.Noon.AddMinutes(1)) };
        var revoked = Records.Revoked(1, Records.Noon.AddMinutes(1), AuditReason.Early);

        var under = AuditVerifier.Verify([Records.Granted(1), .. reveals, revoked with { CredentialsIssued = 0 }], Later);
        var exact = AuditVerifier.Verify([Records.Granted(1), .. reveals, revoked with { CredentialsIssued = 1 }], Later);
        var unknown = AuditVerifier.Verify([Records.Granted(1), .. reveals, revoked with { CredentialsIssued = null }], Later);
        var orphan = AuditVerifier.Verify([.. reveals, Records.OrphanRevoked(1, Records.Noon.AddMinutes(5)) with { CredentialsIssued = 1 }], Later);

        var anomaly = Assert.Single(under.Anomalies);
        Assert.Equal(
            (AuditAnomalyCodes.GrantCredentialsUndercounted, "the revoked record says credentials were issued 0 time(s), but 1 credentials-issued record(s) precede it"),
            (anomaly.Code, anomaly.Message));
        Assert.Empty(exact.Anomalies);
        Assert.Empty(unknown.Anomalies);
        Assert.Equal([AuditAnomalyCodes.GrantCredentialsWithoutGrant, AuditAnomalyCodes.GrantCredentialsUndercounted], orphan.Anomalies.Select(a => a.Code));
    }
}
