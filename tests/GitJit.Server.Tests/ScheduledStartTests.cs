using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;

namespace GitJit.Server.Tests;

/// <summary>
/// A request with a <c>start</c>, end to end: a real PostgreSQL target, a bare git remote for the records, the fake
/// GitHub driven through Octokit. Merged before its start, nothing exists until then; at the start the merge job runs
/// again and provisions for the duration from then; <c>/gitjit revoke</c> before it cancels.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class ScheduledStartTests : IAsyncLifetime
{
    private RealGrantWorld real = null!;

    public async Task InitializeAsync() => real = await RealGrantWorld.StartAsync();

    public async Task DisposeAsync() => await real.DisposeAsync();

    [Fact]
    public async Task MergedBeforeItsStart_NothingExistsUntilThen_ThenItIsGrantedOnce_UntilStartPlusDuration()
    {
        var start = WholeSecondsFromNow(10);
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "6s") + $"\nstart: {start:yyyy-MM-ddTHH:mm:ss}+00:00");
        await real.MergeAsync(pullRequest);
        // The merge job again, as a retry after the scheduled record would run it: it schedules nothing twice over.
        await real.DeliverClosedAsync(pullRequest);

        Assert.True(TimeProvider.System.GetUtcNow() < start, "the merge took too long for this test's start");
        Assert.Empty(await real.AccessAsync());
        var scheduled = Assert.Single(real.History).Record;
        Assert.Equal((AuditEvent.Scheduled, start, start + TimeSpan.FromSeconds(6), "alice"), (scheduled.Event, scheduled.StartsAt!.Value, scheduled.ExpiresAt!.Value, scheduled.Requester!));
        Assert.Equal("olga", Assert.Single(scheduled.Approvals!).Reviewer);
        Assert.Null(scheduled.Principal);
        var told = Assert.Single(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("⏰ Scheduled", StringComparison.Ordinal)).Body;
        Assert.Contains($"from **{start.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC** until **{start.AddSeconds(6).UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC**", told, StringComparison.Ordinal);
        Assert.Contains("`/gitjit revoke` cancels it", told, StringComparison.Ordinal);

        await Task.Delay(start - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(1));
        var access = await GrantedAsync(start + TimeSpan.FromSeconds(5));
        var granted = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted).Record;
        // On time, the duration runs from the start; a loaded machine may be a little late, and then it runs from the grant.
        Assert.True(granted.GrantedAt >= start, $"granted at {granted.GrantedAt}, before its start {start}");
        Assert.True(granted.GrantedAt - start < TimeSpan.FromSeconds(4), $"granted at {granted.GrantedAt}, long after its start {start}");
        Assert.Equal((granted.GrantedAt + TimeSpan.FromSeconds(6), granted.ExpiresAt), (access.ExpiresAt, access.ExpiresAt));
        // Both merge jobs at the start ran; one granted, the other found the record.
        Assert.Single(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("🔑 Granted", StringComparison.Ordinal));

        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3));
        await real.Server.JobsDoneAsync();
        Assert.Empty(await real.AccessAsync());
        var n = pullRequest.Number;
        Assert.Equal([$"audit/{n}/granted.json", $"audit/{n}/revoked.json", $"audit/{n}/scheduled.json"], real.History.Select(e => e.Path).Order());
        var verification = AuditVerifier.Verify(real.History.Select(e => e.Record), TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(2.5));
        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
        Assert.Equal((GrantStatus.Revoked, (DateTimeOffset?)start), (verification.Timeline[0].Status, verification.Timeline[0].StartsAt));
        real.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task CancelledBeforeItsStart_IsNeverProvisioned_AndTheRecordsSaySo()
    {
        var start = WholeSecondsFromNow(10);
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "6s") + $"\nstart: {start:yyyy-MM-ddTHH:mm:ss}Z");
        await real.MergeAsync(pullRequest);
        Assert.Single(real.History, e => e.Record.Event == AuditEvent.Scheduled);

        await real.CommentAsync(pullRequest, "/gitjit revoke", "bob");
        Assert.Contains("only the requester (`@alice`), an approver of this grant or a GitJit admin may cancel it", LastComment(pullRequest), StringComparison.Ordinal);
        await real.CommentAsync(pullRequest, "/gitjit revoke", "alice");
        Assert.Contains("🚫 Cancelled", LastComment(pullRequest), StringComparison.Ordinal);
        Assert.Contains($"due to begin at {start.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC was never made", LastComment(pullRequest), StringComparison.Ordinal);
        await real.CommentAsync(pullRequest, "/gitjit revoke", "alice");
        Assert.Contains("this scheduled grant has already been cancelled", LastComment(pullRequest), StringComparison.Ordinal);

        // The merge job at the start finds the cancellation: nothing is provisioned, nothing back-dated, nothing refused.
        await Task.Delay(start - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(1.5));
        await real.Server.JobsDoneAsync();
        Assert.Empty(await real.AccessAsync());
        var n = pullRequest.Number;
        Assert.Equal([$"audit/{n}/revoked.json", $"audit/{n}/scheduled.json"], real.History.Select(e => e.Path).Order());
        var cancelled = real.History.Single(e => e.Record.Event == AuditEvent.Revoked).Record;
        Assert.Equal((AuditReason.Cancelled, "alice", (string?)null), (cancelled.Reason!.Value, cancelled.By!, cancelled.Principal));
        Assert.DoesNotContain(real.World.Repository.Comments(n), c => c.Body.Contains("🔑 Granted", StringComparison.Ordinal));
        var verification = AuditVerifier.Verify(real.History.Select(e => e.Record), TimeProvider.System.GetUtcNow());
        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
        Assert.Equal(GrantStatus.Cancelled, Assert.Single(verification.Timeline).Status);
    }

    [Fact]
    public async Task MergedAfterItsStart_IsGrantedAtOnce_ForItsWholeDuration()
    {
        var start = WholeSecondsFromNow(-60);
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "1h") + $"\nstart: {start.AddHours(2):yyyy-MM-ddTHH:mm:ss}+02:00");
        await real.MergeAsync(pullRequest);

        var all = await real.AccessAsync();
        Assert.True(all.Count == 1, string.Join("\n---\n", real.World.Repository.Comments(pullRequest.Number).Select(c => c.Body)) + real.Server.JobTroubles() + string.Join("\n", real.Logs.All.TakeLast(30)));
        var access = all[0];
        Assert.True(access.ExpiresAt - TimeProvider.System.GetUtcNow() > TimeSpan.FromMinutes(59), $"expires at {access.ExpiresAt}: not an hour from the grant");
        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.Scheduled);
        Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted);
    }

    /// <summary>The grant's access once it exists, waiting for it until <paramref name="until"/>.</summary>
    private async Task<Core.Grants.ManagedAccess> GrantedAsync(DateTimeOffset until)
    {
        while (true)
        {
            await real.Server.JobsDoneAsync();
            if ((await real.AccessAsync()).SingleOrDefault() is { } access) return access;
            Assert.True(TimeProvider.System.GetUtcNow() < until, $"not granted by {until}: records {string.Join(", ", real.History.Select(e => e.Path))}; "
                + real.Server.JobTroubles() + string.Join("\n", real.Logs.All.TakeLast(20)));
            await Task.Delay(200);
        }
    }

    /// <summary>A whole second <paramref name="seconds"/> from now, in UTC (the request writes its start to the second).</summary>
    private static DateTimeOffset WholeSecondsFromNow(int seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + seconds);

    private string LastComment(FakePullRequest pullRequest) => real.World.Repository.Comments(pullRequest.Number)[^1].Body;
}
