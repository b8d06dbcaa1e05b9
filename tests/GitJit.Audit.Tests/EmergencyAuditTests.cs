using GitJit.Core.Audit;

namespace GitJit.Audit.Tests;

/// <summary>
/// What <c>gitjit audit</c> says of emergency grants: one reviewed in time is clean; one left unreviewed, reviewed too
/// late, or whose deadline passed with nothing recorded is an anomaly (whether or not its access was cut); a review
/// record without an emergency grant is one too. Records are as the bot writes them (through the JSON they are stored as).
/// </summary>
public sealed class EmergencyAuditTests
{
    private static readonly DateTimeOffset FollowUpBy = Records.Noon.AddHours(1);

    [Fact]
    public void AnEmergencyReviewedInTime_IsClean_AndTheTimelineSaysReviewed()
    {
        var verification = Verify(Records.Noon.AddHours(3), Emergency(), Reviewed(Records.Noon.AddMinutes(20)), Records.Revoked(1, Records.Noon.AddMinutes(30)));

        Assert.Empty(verification.Anomalies);
        Assert.Equal(EmergencyReview.Reviewed, Assert.Single(verification.Timeline).Emergency);
    }

    [Fact]
    public void AnEmergencyWithinItsWindow_IsPending_NotAnAnomaly()
    {
        var verification = Verify(Records.Noon.AddMinutes(10), Emergency());

        Assert.Empty(verification.Anomalies);
        Assert.Equal(EmergencyReview.Pending, Assert.Single(verification.Timeline).Emergency);
    }

    [Fact]
    public void AnUnreviewedEmergency_IsAnAnomaly_EvenThoughItsAccessWasCut()
    {
        // A 2h emergency cut at its 1h deadline.
        var verification = Verify(Records.Noon.AddHours(3), Emergency(TimeSpan.FromHours(2)), Records.Revoked(1, FollowUpBy, AuditReason.Unreviewed), Unreviewed(FollowUpBy));

        var anomaly = Assert.Single(verification.Anomalies);
        Assert.Equal(AuditAnomalyCodes.GrantEmergencyUnreviewed, anomaly.Code);
        Assert.Equal("granted in an emergency, and no code owner approved it by 2026-11-28T13:00:00Z", anomaly.Message);
        Assert.Equal(EmergencyReview.Unreviewed, Assert.Single(verification.Timeline).Emergency);
    }

    [Fact]
    public void ADeadlinePassedWithNothingRecorded_IsAnAnomaly_OnceTheBoundHasPassed()
    {
        Assert.Empty(Verify(FollowUpBy.AddSeconds(30), Emergency(), Records.Revoked(1, Records.Noon.AddMinutes(30))).Anomalies);

        var late = Verify(FollowUpBy.AddMinutes(5), Emergency(), Records.Revoked(1, Records.Noon.AddMinutes(30)));

        Assert.Equal("granted in an emergency; its follow-up deadline 2026-11-28T13:00:00Z has passed with no review recorded", Assert.Single(late.Anomalies).Message);
    }

    [Fact]
    public void AReviewAfterTheDeadline_DoesNotVouchForTheEmergency()
    {
        var verification = Verify(Records.Noon.AddHours(3), Emergency(), Records.Revoked(1, Records.Noon.AddMinutes(30)), Reviewed(FollowUpBy.AddMinutes(10)));

        Assert.Contains("approved only at 2026-11-28T13:10:00Z", Assert.Single(verification.Anomalies).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReviewOfAGrantThatWasNoEmergency_OrAnEmergencyWithoutDeadline_IsAnAnomaly()
    {
        var notEmergency = Verify(Records.Noon.AddHours(3), Records.Granted(1), Reviewed(Records.Noon.AddMinutes(5)), Records.Revoked(1, Records.Noon.AddHours(2)));
        Assert.Equal(AuditAnomalyCodes.GrantReviewWithoutEmergency, Assert.Single(notEmergency.Anomalies).Code);
        Assert.Null(Assert.Single(notEmergency.Timeline).Emergency);

        var noDeadline = Verify(Records.Noon.AddMinutes(10), Emergency() with { FollowUpBy = null });
        Assert.Equal("an emergency grant without a follow-up deadline", Assert.Single(noDeadline.Anomalies).Message);
    }

    private static AuditVerification Verify(DateTimeOffset now, params AuditRecord[] records) =>
        AuditVerifier.Verify(records.Select(RoundTrip), now);

    private static AuditRecord RoundTrip(AuditRecord record)
    {
        Assert.True(AuditJson.TryRead(AuditJson.Write(record), out var read, out var problem), problem);
        return read;
    }

    private static AuditRecord Emergency(TimeSpan? duration = null) => Records.Granted(1, duration: duration ?? TimeSpan.FromMinutes(30)) with { Approvals = [], Emergency = true, FollowUpBy = FollowUpBy };

    private static AuditRecord Reviewed(DateTimeOffset at) => new()
    {
        Event = AuditEvent.Reviewed,
        Request = Records.Request(1),
        At = at,
        PullRequest = 1,
        Requester = "alice",
        Approvals = [new AuditApproval("dana", 9002, "89abcdef0123456789abcdef0123456789abcdef")],
        FollowUpBy = FollowUpBy,
    };

    private static AuditRecord Unreviewed(DateTimeOffset at) => new()
    {
        Event = AuditEvent.Unreviewed,
        Request = Records.Request(1),
        At = at,
        PullRequest = 1,
        Requester = "alice",
        FollowUpBy = FollowUpBy,
    };
}
