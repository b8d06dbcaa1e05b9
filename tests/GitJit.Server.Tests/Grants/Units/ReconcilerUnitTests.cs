using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Server.Grants;

namespace GitJit.Server.Tests.Units;

/// <summary>What the reconciler decides, on a fake clock: lost jobs, orphans, vanished access, and grants left as they are.</summary>
public sealed class ReconcilerUnitTests : IDisposable
{
    private readonly GrantUnit unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task AnExpiredGrantWhoseRevocationJobWasLost_IsRevokedWithReasonExpired()
    {
        // The workflow scheduled its revocation with a client that runs nothing: as far as Hangfire knows, the job is lost.
        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);
        unit.Provider.OpenSessions["acme/access#42"] = 1;
        unit.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(30));

        await unit.Reconciler.RunAsync(CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        Assert.Equal(unit.Time.GetUtcNow(), Assert.Single(unit.Provider.Revocations).At);
        var revoked = Assert.Single(unit.Records(42), r => r.Event == AuditEvent.Revoked);
        Assert.Equal((AuditReason.Expired, RevocationOrder.Bot, 1, "alice", "read-only"), (revoked.Reason, revoked.By, revoked.SessionsEnded, revoked.Requester, revoked.Role));
        Assert.NotNull(unit.Comments.Of(GrantUnit.Repository, 42, "revoked"));
    }

    [Fact]
    public async Task AnActiveGrantWhoseRevocationJobWasLost_IsScheduledAgainAtItsExpiry_AndLeftAlone()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(42), CancellationToken.None);
        unit.Time.Advance(TimeSpan.FromHours(1));

        await unit.Reconciler.RunAsync(CancellationToken.None);

        var access = Assert.Single(unit.Provider.Active);
        Assert.Empty(unit.Provider.Revocations);
        Assert.Single(unit.Audit.All);
        Assert.Equal(2, unit.ScheduledRevocations.Count);
        var (order, due) = unit.ScheduledRevocations[1];
        Assert.Equal((access.GrantId, access.ExpiresAt, AuditReason.Expired, "alice"), (order.GrantId, order.ExpiresAt, order.Reason, order.Requester));
        Assert.Equal(RevocationSchedule.DueAt(access.ExpiresAt).UtcDateTime, due);
    }

    [Fact]
    public async Task AccessWithNoGrantRecord_IsRevokedAsAnOrphan_HoweverLongItHadLeft()
    {
        await unit.Repositories.RememberAsync(GrantUnit.Location, "main", CancellationToken.None);
        var orphan = unit.Provider.Plant("acme/access#900", GrantUnit.Start.AddHours(8));

        await unit.Reconciler.RunAsync(CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        var record = Assert.Single(unit.Records(900));
        Assert.Equal((AuditEvent.OrphanRevoked, AuditReason.Orphan, orphan.Principal, GrantUnit.Start), (record.Event, record.Reason, record.Principal, record.At));
        Assert.Contains("without an active grant record", unit.Comments.Of(GrantUnit.Repository, 900, "revoked"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMergeJobKilledBetweenSchedulingItsRevocationAndItsRecord_EndsOnceInGit()
    {
        // Found by the kill -9 harness: the workflow schedules the revocation, then dies before the granted record; the
        // reconciler ends the access as an orphan, and the scheduled revocation, due later, must not end it again.
        await unit.Repositories.RememberAsync(GrantUnit.Location, "main", CancellationToken.None);
        var access = unit.Provider.Plant("acme/access#43", GrantUnit.Start.AddMinutes(30));
        var scheduled = RevocationOrder.AtExpiry(GrantUnit.Location, 43, access);

        await unit.Reconciler.RunAsync(CancellationToken.None);
        unit.Time.Advance(TimeSpan.FromMinutes(30));
        await unit.Revoke.RevokeAsync(scheduled, CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        Assert.Equal(AuditEvent.OrphanRevoked, Assert.Single(unit.Records(43)).Event);
        Assert.Contains("without an active grant record", unit.Comments.Of(GrantUnit.Repository, 43, "revoked"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessInARepositoryNotSeenSinceStart_IsFoundThroughGitHub_AndItsOrphanRecordedThere()
    {
        unit.Installed.Repositories["acme/other"] = new InstalledRepository(8, "https://github.example.test/acme/other.git", "trunk");
        unit.Provider.Plant("acme/other#5", GrantUnit.Start.AddHours(1));

        await unit.Reconciler.RunAsync(CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        var location = new AuditLocation(8, "acme/other", "https://github.example.test/acme/other.git", "trunk");
        Assert.Equal(AuditEvent.OrphanRevoked, Assert.Single(await unit.Audit.ReadAsync(location, 5, CancellationToken.None)).Event);
        Assert.Contains(location, await unit.Repositories.AllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AGrantWhoseAccessVanished_GetsItsRevokedRecordOnlyOnceExpired()
    {
        await unit.Repositories.RememberAsync(GrantUnit.Location, "main", CancellationToken.None);
        await unit.Audit.AppendAsync(GrantUnit.Location, GrantUnit.Granted(901, GrantUnit.Start, GrantUnit.Start.AddHours(1)), CancellationToken.None);

        await unit.Reconciler.RunAsync(CancellationToken.None);
        Assert.Single(unit.Records(901));
        unit.Time.Advance(TimeSpan.FromHours(1));
        await unit.Reconciler.RunAsync(CancellationToken.None);
        await unit.Reconciler.RunAsync(CancellationToken.None);

        var revoked = Assert.Single(unit.Records(901), r => r.Event == AuditEvent.Revoked);
        Assert.Equal((AuditReason.Expired, GrantUnit.Start.AddHours(1), 0), (revoked.Reason, revoked.At, revoked.SessionsEnded));
        Assert.Empty(unit.Provider.Revocations);
    }

    [Fact]
    public async Task AfterAnOutage_OneRun_RevokesAndRecordsEveryExpiredGrant()
    {
        foreach (var number in Enumerable.Range(1000, 40)) await unit.Workflow.GrantAsync(GrantUnit.Order(number, TimeSpan.FromMinutes(number - 990)), CancellationToken.None);
        unit.Time.Advance(TimeSpan.FromHours(1));

        await unit.Reconciler.RunAsync(CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        Assert.Equal(40, unit.Audit.All.Count(r => r.Event == AuditEvent.Revoked && r.Reason == AuditReason.Expired && r.Requester == "alice"));
    }
}
