using GitJit.Core.Audit;
using GitJit.Server.Grants;

namespace GitJit.Server.Tests.Units;

/// <summary>What the grant workflow decides, on a fake clock: when the revocation is due, and that a decision recorded stands.</summary>
public sealed class GrantWorkflowUnitTests : IDisposable
{
    private readonly GrantUnit unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task AGrant_ExpiresAfterItsDuration_AndItsRevocationIsDueAtTheWholeSecondAtOrBeforeExpiry()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);

        var access = Assert.Single(unit.Provider.Active);
        Assert.Equal(GrantUnit.Start + TimeSpan.FromHours(2), access.ExpiresAt);
        var (order, due) = Assert.Single(unit.ScheduledRevocations);
        Assert.Equal(new DateTime(2026, 11, 28, 14, 0, 0, DateTimeKind.Utc), due);
        Assert.True(due <= access.ExpiresAt.UtcDateTime && access.ExpiresAt.UtcDateTime - due < TimeSpan.FromSeconds(1));
        Assert.Equal((access.GrantId, access.ExpiresAt, AuditReason.Expired, RevocationOrder.Bot), (order.GrantId, order.ExpiresAt, order.Reason, order.By));
        Assert.Equal(("alice", "orders-db", "read-only", GrantUnit.Location), (order.Requester, order.Resource, order.Role, order.Location));
    }

    [Fact]
    public async Task AMergeJobHeldUp_AfterTheMerge_StillGivesTheWholeDuration_CountedFromTheGrant()
    {
        // A rate limit or an outage keeps the merge job waiting 25 minutes: the requester loses none of the 2 hours.
        unit.Time.Advance(TimeSpan.FromMinutes(25));

        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);

        var granted = Assert.Single(unit.Audit.All);
        var started = GrantUnit.Start + TimeSpan.FromMinutes(25);
        Assert.Equal((started, started + TimeSpan.FromHours(2)), (granted.GrantedAt!.Value, granted.ExpiresAt!.Value));
        Assert.Equal(started + TimeSpan.FromHours(2), Assert.Single(unit.Provider.Active).ExpiresAt);
    }

    [Fact]
    public async Task AGrant_GetsItsExpiryReminder_TenMinutesBefore_AndAShortOneNone()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);
        await unit.Workflow.GrantAsync(GrantUnit.Order(43, TimeSpan.FromMinutes(20)), CancellationToken.None);

        var (job, due) = Assert.Single(unit.Jobs.Scheduled, s => s.Job.Type == typeof(ExpiryReminderJob));
        var reminder = job.Args.OfType<ExpiryReminder>().Single();
        Assert.Equal(("acme/access#42", GrantUnit.Start + TimeSpan.FromHours(2)), (reminder.GrantId, reminder.ExpiresAt));
        Assert.Equal((GrantUnit.Start + TimeSpan.FromHours(2) - TimeSpan.FromMinutes(10)).UtcDateTime, due);
    }

    [Fact]
    public async Task AGrant_IsRecordedWithItsWindow_AndAnnouncedWithTheExpiryInUtcAndTheLink()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);

        var granted = Assert.Single(unit.Audit.All);
        Assert.Equal((AuditEvent.Granted, GrantUnit.Start, GrantUnit.Start, GrantUnit.Start + TimeSpan.FromHours(2)), (granted.Event, granted.At, granted.GrantedAt, granted.ExpiresAt));
        var comment = unit.Comments.Of(GrantUnit.Repository, 42, "granted");
        Assert.NotNull(comment);
        Assert.Contains("until **2026-11-28 14:00:00 UTC**", comment, StringComparison.Ordinal);
        Assert.Contains("https://gitjit.example.test/grants/acme/access/42", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGrantAlreadyRevoked_IsNotProvisionedAgain_ByARetriedMerge()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);
        var (order, _) = Assert.Single(unit.ScheduledRevocations);
        unit.Time.Advance(TimeSpan.FromHours(2));
        await unit.Revoke.RevokeAsync(order, CancellationToken.None);
        Assert.Empty(unit.Provider.Active);

        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        Assert.Single(unit.ScheduledRevocations);
        Assert.Equal([AuditEvent.Granted, AuditEvent.Revoked], unit.Records(42).Select(r => r.Event).Order());
    }

    [Fact]
    public async Task AMergeJobThatDiedBeforeItsRecord_AndCameBackAfterTheRevocation_RecordsTheGrantAtItsTime_AndProvisionsNothing()
    {
        // The job provisions and schedules the revocation, then dies before its record (here: its append fails).
        unit.Audit.Unreachable = r => r.Event == AuditEvent.Granted;
        await Assert.ThrowsAsync<IOException>(() => unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None));
        unit.Audit.Unreachable = null;
        var (order, _) = Assert.Single(unit.ScheduledRevocations);
        // It comes back only after the revocation ran (an instance died with it; another takes it a minute later).
        unit.Time.Advance(TimeSpan.FromHours(2));
        await unit.Revoke.RevokeAsync(order, CancellationToken.None);
        unit.Time.Advance(TimeSpan.FromMinutes(1));

        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        Assert.Single(unit.ScheduledRevocations);
        var records = unit.Records(42);
        Assert.Equal([AuditEvent.Granted, AuditEvent.Revoked], records.Select(r => r.Event));
        var granted = records[0];
        Assert.Equal((GrantUnit.Start, order.ExpiresAt, order.Principal), (granted.At, granted.ExpiresAt, granted.Principal));
        Assert.Null(unit.Comments.Of(GrantUnit.Repository, 42, "granted"));
        Assert.Empty(GitJit.Audit.AuditVerifier.Verify(records, unit.Time.GetUtcNow(), GitJit.Audit.AuditVerifier.DefaultBound).Anomalies);
    }

    [Fact]
    public async Task AnEmergencyGrant_SchedulesItsFollowUpBeforeItsRecord_AndAJobThatDiedThereLosesNothingOnItsRetry()
    {
        // The pull-request job provisions, schedules the revocation and the follow-up, then dies before its record.
        var emergency = Emergency(42, approved: false);
        unit.Audit.Unreachable = r => r.Event == AuditEvent.Granted;
        await Assert.ThrowsAsync<IOException>(() => unit.Workflow.GrantAsync(emergency, CancellationToken.None));
        unit.Audit.Unreachable = null;
        var (followUp, due) = Assert.Single(FollowUps());
        Assert.Equal((GrantUnit.Start + TimeSpan.FromMinutes(10)).UtcDateTime, due);
        Assert.Null(unit.Comments.Of(GrantUnit.Repository, 42, "emergency"));

        // Its retry (or the next event of the pull request) records the grant once and tells the code owners once.
        await unit.Workflow.GrantAsync(emergency, CancellationToken.None);
        await unit.Workflow.GrantAsync(emergency, CancellationToken.None);

        Assert.Single(unit.Provider.Active);
        var granted = Assert.Single(unit.Records(42));
        Assert.Equal((true, followUp.FollowUpBy), (granted.Emergency, granted.FollowUpBy));
        Assert.Contains("please review this request now", unit.Comments.Of(GrantUnit.Repository, 42, "emergency"), StringComparison.Ordinal);
        Assert.Equal(2, FollowUps().Count);
    }

    [Fact]
    public async Task AnEmergencyApprovedBeforeTheBotGranted_IsReviewedAtOnce_AndAnApprovalOfSomethingElseIsNot()
    {
        await unit.Workflow.GrantAsync(Emergency(42), CancellationToken.None);
        Assert.Equal([AuditEvent.Granted, AuditEvent.Reviewed], unit.Records(42).Select(r => r.Event).Order());

        var changed = Emergency(43) with { Plan = Emergency(43).Plan with { Duration = TimeSpan.FromMinutes(25) } };
        await unit.Workflow.GrantAsync(Emergency(43, approved: false), CancellationToken.None);
        await unit.Workflow.GrantAsync(changed, CancellationToken.None);

        Assert.Equal([AuditEvent.Granted], unit.Records(43).Select(r => r.Event));
    }

    [Fact]
    public async Task AnApprovalReadAfterTheDeadline_IsTooLate_ButOneRecordedInTimeStillCounts()
    {
        await unit.Workflow.GrantAsync(Emergency(42, approved: false), CancellationToken.None);
        await unit.Workflow.GrantAsync(Emergency(43, approved: false), CancellationToken.None);
        // 43's code owner approves in time; nobody approves 42 until after its deadline and the follow-up's grace.
        await unit.Workflow.GrantAsync(Emergency(43), CancellationToken.None);
        unit.Time.Advance(TimeSpan.FromMinutes(10) + EmergencyGrants.FollowUpGrace + TimeSpan.FromSeconds(1));

        await unit.Workflow.GrantAsync(Emergency(42), CancellationToken.None);
        await unit.Workflow.GrantAsync(Emergency(43), CancellationToken.None);

        Assert.Equal([AuditEvent.Granted], unit.Records(42).Select(r => r.Event));
        Assert.Equal([AuditEvent.Granted, AuditEvent.Reviewed], unit.Records(43).Select(r => r.Event).Order());
    }

    [Fact]
    public async Task AnEmergencyWhoseFollowUpWasLost_GetsOneFromTheReconciler_UntilItsVerdictIsRecorded()
    {
        // The recording job client keeps nothing in Hangfire's storage: to the reconciler, the follow-up is lost.
        await unit.Workflow.GrantAsync(Emergency(42, approved: false), CancellationToken.None);
        Assert.Single(FollowUps());

        await unit.Reconciler.RunAsync(CancellationToken.None);

        Assert.Equal(2, FollowUps().Count);
        var deadline = (GrantUnit.Start + TimeSpan.FromMinutes(10)).UtcDateTime;
        Assert.True(FollowUps()[^1].Due <= deadline && deadline - FollowUps()[^1].Due < TimeSpan.FromSeconds(1), $"due at {FollowUps()[^1].Due}");

        // Reviewed: nothing more to restart.
        await unit.Workflow.GrantAsync(Emergency(42), CancellationToken.None);
        await unit.Reconciler.RunAsync(CancellationToken.None);
        Assert.Equal(2, FollowUps().Count);
    }

    /// <summary>An emergency request of alice's for 20 minutes, its follow-up in 10, opened as pull request <paramref name="pullRequest"/>.</summary>
    private static Core.Decisions.GrantOrder Emergency(int pullRequest, bool approved = true)
    {
        var order = GrantUnit.Order(pullRequest, TimeSpan.FromMinutes(20));
        var plan = order.Plan with { Emergency = new Core.Model.EmergencyAccess(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)) };
        return order with { Plan = approved ? plan : plan with { Approvals = plan.Approvals with { Counted = [] } } };
    }

    private List<(EmergencyFollowUp FollowUp, DateTime Due)> FollowUps() =>
        [.. unit.Jobs.Scheduled.Where(s => s.Job.Type == typeof(EmergencyFollowUpJob)).Select(s => (s.Job.Args.OfType<EmergencyFollowUp>().Single(), s.EnqueueAt))];

    [Fact]
    public async Task AnOrphanRevokedByTheReconciler_IsNotProvisionedAgain_ByARetriedMerge()
    {
        await unit.Repositories.RememberAsync(GrantUnit.Location, "main", CancellationToken.None);
        unit.Provider.Plant("acme/access#42", GrantUnit.Start.AddHours(2));
        await unit.Reconciler.RunAsync(CancellationToken.None);

        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        Assert.Empty(unit.ScheduledRevocations);
        Assert.Equal(AuditEvent.OrphanRevoked, Assert.Single(unit.Records(42)).Event);
    }

    [Fact]
    public async Task AGrantCommentThatFailed_IsPostedByTheRetry_WhichProvisionsAndSchedulesNothingMore()
    {
        unit.Comments.Failure = () => new IOException("GitHub cannot be reached");
        await Assert.ThrowsAsync<IOException>(() => unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None));
        unit.Comments.Failure = null;
        unit.Time.Advance(TimeSpan.FromMinutes(1));

        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);

        var access = Assert.Single(unit.Provider.Active);
        Assert.Equal(GrantUnit.Start + TimeSpan.FromHours(2), access.ExpiresAt);
        Assert.Single(unit.ScheduledRevocations);
        Assert.Single(unit.Audit.All);
        Assert.Contains("until **2026-11-28 14:00:00 UTC**", unit.Comments.Of(GrantUnit.Repository, 42, "granted"), StringComparison.Ordinal);
    }
}
