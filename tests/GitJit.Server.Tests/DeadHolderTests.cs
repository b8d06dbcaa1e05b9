using GitJit.Core.Audit;
using GitJit.Server.Grants;
using GitJit.Server.Jobs;
using GitJit.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using static GitJit.Server.Tests.Jobs.JobLocksTests;

namespace GitJit.Server.Tests;

/// <summary>
/// With PostgreSQL storage, the locks jobs take are honoured by every process and die with their holder: a revocation
/// waits while another process holds the pull request's lock, and goes ahead the moment that process is killed. And the
/// reconciler never takes a revocation on its way for a lost one.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class DeadHolderTests
{
    [Fact]
    public async Task RevocationWaitingBehindAProcessThatIsKilled_EndsTheAccessAtOnce_AndRecordsItOnce()
    {
        var storage = await TestPostgres.CreateDatabaseAsync();
        await using var real = await RealGrantWorld.StartAsync(s => s["ConnectionStrings:GitJit"] = storage);
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "4s"));
        await real.MergeAsync(pullRequest);
        var access = Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{pullRequest.Number}");

        // Another process (a job of another instance, say) holds the pull request's lock over the expiry.
        await using var holder = await LockHolder.StartAsync(storage, PostgresJobLocks.Key(PullRequestLock.Name("acme", "access", pullRequest.Number)));
        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(2));
        Assert.Contains(await real.AccessAsync(), a => a.GrantId == access.GrantId);

        holder.Kill();
        var killed = TimeProvider.System.GetTimestamp();
        while ((await real.AccessAsync()).Any(a => a.GrantId == access.GrantId))
        {
            Assert.True(TimeProvider.System.GetElapsedTime(killed) < TimeSpan.FromSeconds(30), "the revocation still waits behind a killed holder: " + real.Server.JobTroubles());
            await Task.Delay(100);
        }
        await TargetRoles.WaitForAsync(() => real.History.Any(e => e.Record.PullRequest == pullRequest.Number && e.Record.Event == AuditEvent.Revoked));

        Assert.Equal(0L, await TargetRoles.CountAsync(real.Target, access.Principal));
        Assert.Single(real.History, e => e.Record.PullRequest == pullRequest.Number && e.Record.Event == AuditEvent.Revoked);
    }

    [Fact]
    public async Task ARevocationTakenByAWorker_NotYetRunning_IsNotTakenForLost()
    {
        // No workers: the test moves the revocation job by hand to the moment a worker has taken it from its queue
        // and not yet marked it Processing, the moment the reconciler used to read as "no job".
        var storage = await TestPostgres.CreateDatabaseAsync();
        var logs = new LogLines();
        await using var real = await RealGrantWorld.StartAsync(s =>
        {
            s["ConnectionStrings:GitJit"] = storage;
            s["GitJit:Worker:Enabled"] = "false";
        }, services: services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "1h"));
        pullRequest.AddReview("olga", "APPROVED");
        pullRequest.Merge(real.World.Repository.Commit(real.World.Repository.TreeAt(pullRequest.HeadSha), real.World.BaseSha));
        await real.Server.Services.GetRequiredService<MergeJob>().DecideAsync(FlowWorld.InstallationId, "acme", "access", pullRequest.Number, CancellationToken.None);
        var monitoring = real.Server.Jobs.GetMonitoringApi();
        var revocation = Assert.Single(monitoring.ScheduledJobs(0, 100), j => j.Value.Job?.Type == typeof(RevokeJob)).Key;
        real.Server.Services.GetRequiredService<IBackgroundJobClient>().ChangeState(revocation, new EnqueuedState(JobQueues.Revocations));
        using var connection = real.Server.Jobs.GetConnection();
        using var taken = connection.FetchNextJob([JobQueues.Revocations], CancellationToken.None);
        Assert.Equal(revocation, taken.JobId);

        await real.Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);

        Assert.DoesNotContain(monitoring.ScheduledJobs(0, 100), j => j.Value.Job?.Type == typeof(RevokeJob));
        Assert.DoesNotContain(logs.All, l => l.Contains("[1023]", StringComparison.Ordinal) || l.Contains("[1025]", StringComparison.Ordinal));

        // The same reconciler does take a job that is really gone for lost, and schedules the revocation again.
        taken.RemoveFromQueue();
        real.Server.Services.GetRequiredService<IBackgroundJobClient>().Delete(revocation);
        await real.Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);
        Assert.Single(monitoring.ScheduledJobs(0, 100), j => j.Value.Job?.Type == typeof(RevokeJob));
        Assert.Single(logs.All, l => l.Contains("[1023]", StringComparison.Ordinal));
    }
}
