using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Server.Grants;
using GitJit.Server.Jobs;

namespace GitJit.Server.Tests.Units;

/// <summary>A grant merged before its start, on a fake clock: scheduled, never provisioned early, granted at the start, not at all once cancelled.</summary>
public sealed class ScheduledGrantUnitTests : IDisposable
{
    private static readonly DateTimeOffset Begins = GrantUnit.Start + TimeSpan.FromHours(1);

    private readonly GrantUnit unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task MergedBeforeItsStart_IsScheduled_ThenGrantedAtTheStart_ForTheDurationFromThen()
    {
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        var scheduled = Assert.Single(unit.Records(42));
        Assert.Equal((AuditEvent.Scheduled, Begins, Begins + TimeSpan.FromHours(2)), (scheduled.Event, scheduled.StartsAt!.Value, scheduled.ExpiresAt!.Value));
        var due = Assert.Single(MergeJobs).EnqueueAt;
        Assert.True(due <= Begins.UtcDateTime && Begins.UtcDateTime - due < TimeSpan.FromSeconds(1), $"due at {due}");
        Assert.Contains("from **2026-11-28 13:00:00 UTC** until **2026-11-28 15:00:00 UTC**", unit.Comments.Of(GrantUnit.Repository, 42, "scheduled"), StringComparison.Ordinal);

        // A retry before the start (the job died after its record): no second record, a harmless second job.
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);
        Assert.Single(unit.Records(42));
        Assert.Empty(unit.Provider.Active);

        unit.Time.Advance(Begins - unit.Time.GetUtcNow());
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);

        var access = Assert.Single(unit.Provider.Active);
        Assert.Equal(Begins + TimeSpan.FromHours(2), access.ExpiresAt);
        var granted = Assert.Single(unit.Records(42), r => r.Event == AuditEvent.Granted);
        Assert.Equal(Begins, granted.GrantedAt);
        Assert.NotNull(unit.Comments.Of(GrantUnit.Repository, 42, "granted"));
    }

    [Fact]
    public async Task AJobThatComesFarTooEarly_SchedulesItselfAgain_AndOneJustEarly_WaitsForTheStart()
    {
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);

        unit.Time.Advance(Begins - unit.Time.GetUtcNow() - TimeSpan.FromSeconds(10));
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);
        Assert.Empty(unit.Provider.Active);
        Assert.Equal(2, MergeJobs.Count);

        unit.Time.Advance(TimeSpan.FromSeconds(9));
        var waiting = unit.Workflow.GrantAsync(Order(42), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.Empty(unit.Provider.Active);
        unit.Time.Advance(TimeSpan.FromSeconds(2));
        await waiting;
        Assert.Equal(unit.Time.GetUtcNow() + TimeSpan.FromHours(2), Assert.Single(unit.Provider.Active).ExpiresAt);
        Assert.Equal(2, MergeJobs.Count);
    }

    [Fact]
    public async Task ACancelledSchedule_ProvisionsNothingAtTheStart_AndIsNotRecordedAsAGrantAfterItsEnd()
    {
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);
        var scheduled = Assert.Single(unit.Records(42));
        await unit.Audit.AppendAsync(GrantUnit.Location, AuditRecords.Cancelled(scheduled, "alice", unit.Time.GetUtcNow()), CancellationToken.None);

        unit.Time.Advance(Begins - unit.Time.GetUtcNow());
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);
        await unit.Workflow.RefuseAsync(new MergeRefusal(Order(42).Source, "access-requests/orders-db/alice-42.yaml", "alice", []), CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        Assert.Equal([AuditEvent.Revoked, AuditEvent.Scheduled], unit.Records(42).Select(r => r.Event).Order());
        Assert.Null(unit.Comments.Of(GrantUnit.Repository, 42, "granted"));
    }

    [Fact]
    public async Task MergedAfterItsStart_IsGrantedAtOnce()
    {
        unit.Time.Advance(TimeSpan.FromHours(2));

        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);

        Assert.Equal(GrantUnit.Start + TimeSpan.FromHours(4), Assert.Single(unit.Provider.Active).ExpiresAt);
        Assert.DoesNotContain(unit.Records(42), r => r.Event == AuditEvent.Scheduled);
    }

    [Fact]
    public async Task AScheduledGrantWhoseJobWasLost_GetsOneFromTheReconciler_AtItsStart_OrAtOnceWhenItHasPassed()
    {
        // The recording job client keeps nothing in Hangfire's storage: to the reconciler, the job scheduled at merge is lost.
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);
        Assert.Single(MergeJobs);

        await unit.Reconciler.RunAsync(CancellationToken.None);
        Assert.Equal(2, MergeJobs.Count);
        var due = MergeJobs[^1].EnqueueAt;
        Assert.True(due <= Begins.UtcDateTime && Begins.UtcDateTime - due < TimeSpan.FromSeconds(1), $"due at {due}");

        unit.Time.Advance(Begins - unit.Time.GetUtcNow() + TimeSpan.FromMinutes(5));
        await unit.Reconciler.RunAsync(CancellationToken.None);
        var queued = Assert.Single(QueuedMergeJobs);
        Assert.Equal<object?>([GrantUnit.Installation, "acme", "access", 42], queued.Args.Take(4));

        // Granted (or cancelled): nothing more to restart.
        await unit.Workflow.GrantAsync(Order(42), CancellationToken.None);
        await unit.Reconciler.RunAsync(CancellationToken.None);
        Assert.Single(QueuedMergeJobs);
        Assert.Equal(2, MergeJobs.Count);
    }

    private static GrantOrder Order(int pullRequest)
    {
        var order = GrantUnit.Order(pullRequest);
        return order with { Plan = order.Plan with { Start = Begins } };
    }

    private List<Hangfire.Common.Job> QueuedMergeJobs => [.. unit.Jobs.Created.Where(c => c.State is Hangfire.States.EnqueuedState && c.Job.Type == typeof(MergeJob)).Select(c => c.Job)];

    private List<(Hangfire.Common.Job Job, DateTime EnqueueAt)> MergeJobs => [.. unit.Jobs.Scheduled.Where(s => s.Job.Type == typeof(MergeJob)).Select(s => (s.Job, s.EnqueueAt))];
}
