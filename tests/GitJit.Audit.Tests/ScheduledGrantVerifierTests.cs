using GitJit.Core.Audit;

namespace GitJit.Audit.Tests;

/// <summary>Grants merged before their start: a <c>scheduled</c> record, then a grant at the start or a cancellation before it.</summary>
public sealed class ScheduledGrantVerifierTests
{
    private static readonly DateTimeOffset Start = Records.Noon.AddHours(1);

    [Fact]
    public void ScheduledThenGrantedAtItsStart_AndRevoked_IsClean()
    {
        var records = new[] { Scheduled(1), Records.Granted(1, Start), Records.Revoked(1, Start.AddHours(2).AddSeconds(1)) };

        var verification = AuditVerifier.Verify(records, Start.AddDays(1));

        Assert.Empty(verification.Anomalies);
        var timeline = Assert.Single(verification.Timeline);
        Assert.Equal((GrantStatus.Revoked, (DateTimeOffset?)Start, (DateTimeOffset?)Start), (timeline.Status, timeline.StartsAt, timeline.GrantedAt));
    }

    [Fact]
    public void ScheduledAndNotYetStarted_IsScheduled_AndClean()
    {
        var verification = AuditVerifier.Verify([Scheduled(1)], Start.AddMinutes(-5));

        Assert.Empty(verification.Anomalies);
        Assert.Equal(GrantStatus.Scheduled, Assert.Single(verification.Timeline).Status);
    }

    [Fact]
    public void CancelledBeforeItsStart_IsCancelled_AndNotARevocationWithoutAGrant()
    {
        var verification = AuditVerifier.Verify([Scheduled(1), Cancelled(1, Start.AddMinutes(-30))], Start.AddDays(1));

        Assert.Empty(verification.Anomalies);
        var timeline = Assert.Single(verification.Timeline);
        Assert.Equal((GrantStatus.Cancelled, (AuditReason?)AuditReason.Cancelled), (timeline.Status, timeline.Reason));
    }

    [Fact]
    public void ACancellationWithoutASchedule_IsARevocationWithoutAGrant()
    {
        var verification = AuditVerifier.Verify([Cancelled(1, Start)], Start.AddDays(1));

        Assert.Equal([AuditAnomalyCodes.GrantRevokedWithoutGrant], verification.Anomalies.Select(a => a.Code));
    }

    [Fact]
    public void GrantedBeforeItsStart_IsAnAnomaly()
    {
        var verification = AuditVerifier.Verify([Scheduled(1), Records.Granted(1, Start.AddSeconds(-1))], Start.AddMinutes(5));

        var anomaly = Assert.Single(verification.Anomalies);
        Assert.Equal(AuditAnomalyCodes.GrantBeforeStart, anomaly.Code);
        Assert.Equal("granted at 2026-11-28T12:59:59Z, before its scheduled start 2026-11-28T13:00:00Z", anomaly.Message);
    }

    [Fact]
    public void GrantedBesideItsCancellation_IsAnAnomaly()
    {
        var verification = AuditVerifier.Verify([Scheduled(1), Cancelled(1, Start.AddMinutes(-30)), Records.Granted(1, Start)], Start.AddMinutes(5));

        var anomaly = Assert.Single(verification.Anomalies);
        Assert.Equal(AuditAnomalyCodes.GrantGrantedAfterCancellation, anomaly.Code);
        Assert.Equal("granted at 2026-11-28T13:00:00Z although its schedule was cancelled at 2026-11-28T12:30:00Z", anomaly.Message);
    }

    [Fact]
    public void AStartPassedBeyondTheBound_WithoutAGrant_IsAMissingStart_WithinItIsNot()
    {
        Assert.Empty(AuditVerifier.Verify([Scheduled(1)], Start.AddSeconds(90)).Anomalies);

        var anomaly = Assert.Single(AuditVerifier.Verify([Scheduled(1)], Start.AddMinutes(5)).Anomalies);
        Assert.Equal(AuditAnomalyCodes.GrantMissingStart, anomaly.Code);
        Assert.Equal("scheduled to start at 2026-11-28T13:00:00Z, 5m ago, and neither granted nor cancelled", anomaly.Message);
    }

    [Fact]
    public void ScheduledAndRefusedAtItsStart_OrItsAccessRevokedAsAnOrphan_IsNoMissingStart()
    {
        Assert.Empty(AuditVerifier.Verify([Scheduled(1), Records.Refused(1, Start)], Start.AddDays(1)).Anomalies);
        Assert.Empty(AuditVerifier.Verify([Scheduled(1), Records.OrphanRevoked(1, Start.AddMinutes(1))], Start.AddDays(1)).Anomalies);
    }

    [Fact]
    public void TheRecords_RoundTrip_AndLiveAtTheirPaths()
    {
        foreach (var record in new[] { Scheduled(7), Cancelled(7, Start) })
        {
            var bytes = AuditJson.Write(record);
            Assert.True(AuditJson.TryRead(bytes, out var read, out var problem), problem);
            Assert.Equal(AuditJson.Write(record), AuditJson.Write(read));
        }
        Assert.Equal("audit/7/scheduled.json", AuditPaths.For(Scheduled(7)));
        Assert.True(AuditPaths.TryParse("audit/7/scheduled.json", out var pull, out var auditEvent, out var sequence));
        Assert.Equal((7, AuditEvent.Scheduled, (int?)null), (pull, auditEvent, sequence));
        Assert.Contains("\"startsAt\": \"2026-11-28T13:00:00Z\"", System.Text.Encoding.UTF8.GetString(AuditJson.Write(Scheduled(7))), StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"cancelled\"", System.Text.Encoding.UTF8.GetString(AuditJson.Write(Cancelled(7, Start))), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommitMessages_SayWhatHappened()
    {
        Assert.Equal("alice is to be granted read-only on orders-db from 2026-11-28T13:00:00Z until 2026-11-28T15:00:00Z, approved by dana", AuditCommitMessage.Summary(Scheduled(1)));
        Assert.Equal("alice's read-only on orders-db, scheduled from 2026-11-28T13:00:00Z, was cancelled at 2026-11-28T12:30:00Z before it began by alice",
            AuditCommitMessage.Summary(Cancelled(1, Start.AddMinutes(-30))));
    }

    private static AuditRecord Scheduled(int pull) => Records.Granted(pull, Start) with
    {
        Event = AuditEvent.Scheduled,
        At = Records.Noon,
        Principal = null,
        GrantedAt = null,
        StartsAt = Start,
    };

    private static AuditRecord Cancelled(int pull, DateTimeOffset at) => Records.Revoked(pull, at, AuditReason.Cancelled) with
    {
        Principal = null,
        By = "alice",
        SessionsEnded = 0,
        StartsAt = Start,
        ExpiresAt = Start.AddHours(2),
    };
}
