using GitJit.Core.Audit;
using GitJit.Server.Grants;
using GitJit.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>
/// The access repository's remote will not take pushes (or cannot be reached) while a grant is made and ends: the
/// access still ends on time, the records are kept in GitJit's database meanwhile — where every job reads them, so a
/// retried merge job never grants twice — and once git takes pushes again they arrive there in order, once each.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class GitRemoteDownTests
{
    [Fact]
    public async Task PushesRefusedFromMergeToExpiry_RecordsAreKept_ThenPushedInOrder_AndNothingIsGrantedTwice()
    {
        var storage = await TestPostgres.CreateDatabaseAsync();
        await using var real = await RealGrantWorld.StartAsync(s =>
        {
            s["ConnectionStrings:GitJit"] = storage;
            s["GitJit:Audit:MaxAttempts"] = "2";
        });
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "6s"));
        var location = new AuditLocation(FlowWorld.InstallationId, "acme/access", real.Remote, "main");
        var trail = real.Server.Services.GetRequiredService<IAuditTrail>();

        // Another writer holds the branch's ref lock for as long as the test says: fetches work, every push is refused.
        var refLock = Path.Combine(real.Remote, "refs", "heads", "main.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(refLock)!);
        await File.WriteAllTextAsync(refLock, "");
        await real.MergeAsync(pullRequest);

        // Granted — the role exists and its revocation is scheduled — but the record could not be pushed: it is kept.
        var access = Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{pullRequest.Number}");
        Assert.Empty(Recorded());
        Assert.Contains(await trail.ReadAsync(location, pullRequest.Number, CancellationToken.None), r => r.Event == AuditEvent.Granted);

        // The access ends on time all the same; its record waits behind the granted one.
        while (await TargetRoles.CountAsync(real.Target, access.Principal) > 0)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < access.ExpiresAt + TimeSpan.FromSeconds(30), "the role outlived its expiry by 30 s");
            await Task.Delay(100);
        }
        var late = TimeProvider.System.GetUtcNow() - access.ExpiresAt;
        Assert.True(late < TimeSpan.FromSeconds(5), $"revoked {late} after expiry");
        await TargetRoles.WaitForAsync(() => real.Logs.All.Any(l => l.Contains("[1080]", StringComparison.Ordinal)));
        var kept = await trail.ReadAsync(location, pullRequest.Number, CancellationToken.None);
        Assert.Equal([AuditEvent.Granted, AuditEvent.Revoked], kept.Select(r => r.Event));
        Assert.Empty(Recorded());

        // Git takes pushes again: the outbox pushes both, in the order they were written (history reads oldest first), within seconds.
        File.Delete(refLock);
        await TargetRoles.WaitForAsync(() => Recorded().Count == 2);
        Assert.Equal([AuditEvent.Granted, AuditEvent.Revoked],
            Recorded().Select(e => e.Record.Event));
        await TargetRoles.WaitForAsync(() => real.Logs.All.Any(l => l.Contains("[1081]", StringComparison.Ordinal)));

        // The jobs that failed on the push run again now (Hangfire would, later): the merge job finds its records and
        // provisions nothing; the revocation finds its record too. Nothing is granted or written twice.
        var monitoring = real.Server.Jobs.GetMonitoringApi();
        var retries = monitoring.ScheduledJobs(0, 100).Where(j => j.Value.Job?.Type.Name is "MergeJob" or nameof(RevokeJob)).Select(j => j.Key).ToList();
        Assert.Equal(2, retries.Count);
        foreach (var retry in retries) real.Server.Services.GetRequiredService<IBackgroundJobClient>().Requeue(retry);
        await real.Server.JobsDoneAsync();

        var records = Recorded().Select(e => e.Record.Event).ToList();
        Assert.Equal([AuditEvent.Granted, AuditEvent.Revoked], records);
        Assert.DoesNotContain(await real.AccessAsync(), a => a.GrantId == access.GrantId);
        Assert.Equal(0L, await TargetRoles.CountAsync(real.Target, access.Principal));
        var comments = real.World.Repository.Comments(pullRequest.Number);
        // The merge job failed before its comment, and its retry came after the end: no link to an access that is over.
        Assert.DoesNotContain(comments, c => c.Body.Contains("gitjit:granted", StringComparison.Ordinal));
        Assert.Single(comments, c => c.Body.Contains("gitjit:revoked", StringComparison.Ordinal));
        Assert.Empty(await real.Server.Services.GetRequiredService<AuditOutbox>().BacklogAsync(CancellationToken.None));
        real.AssertNoSecretLeaked();

        // The pull request's records in git, oldest first (none while the branch has no commit yet).
        List<GitJit.Audit.AuditEntry> Recorded()
        {
            using var remote = new LibGit2Sharp.Repository(real.Remote);
            return remote.Branches["main"] is null ? [] : [.. real.History.Where(e => e.Record.PullRequest == pullRequest.Number)];
        }
    }

    [Fact]
    public async Task RemoteGoneAtExpiry_TheAccessEndsOnTime_AndItsEndIsRecordedOnceTheRemoteIsBack()
    {
        var storage = await TestPostgres.CreateDatabaseAsync();
        await using var real = await RealGrantWorld.StartAsync(s => s["ConnectionStrings:GitJit"] = storage);
        var number = await real.GrantAsync("4s");
        var access = Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{number}");

        // The remote vanishes (a path that no longer exists: fetches fail too, not only pushes).
        var away = real.Remote + ".away";
        Directory.Move(real.Remote, away);
        try
        {
            while (await TargetRoles.CountAsync(real.Target, access.Principal) > 0)
            {
                Assert.True(TimeProvider.System.GetUtcNow() < access.ExpiresAt + TimeSpan.FromSeconds(30), "the role outlived its expiry by 30 s");
                await Task.Delay(100);
            }
            Assert.True(TimeProvider.System.GetUtcNow() - access.ExpiresAt < TimeSpan.FromSeconds(5));
        }
        finally
        {
            Directory.Move(away, real.Remote);
        }

        // Back. The revocation could not even read the trail, so nothing was kept; the reconciler sees its retry waiting
        // and leaves the grant to it (it records nothing itself), and the retry (Hangfire's back-off; run here at once)
        // records the end, once.
        await real.Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);
        await real.Server.JobsDoneAsync();
        Assert.Equal([AuditEvent.Granted], real.History.Where(e => e.Record.PullRequest == number).Select(e => e.Record.Event));
        foreach (var retry in real.Server.Jobs.GetMonitoringApi().ScheduledJobs(0, 100).Where(j => j.Value.Job?.Type == typeof(RevokeJob)).Select(j => j.Key).ToList())
        {
            real.Server.Services.GetRequiredService<IBackgroundJobClient>().Requeue(retry);
        }
        await real.Server.JobsDoneAsync();
        Assert.Equal([AuditEvent.Granted, AuditEvent.Revoked], real.History.Where(e => e.Record.PullRequest == number).Select(e => e.Record.Event));
        Assert.Single(real.World.Repository.Comments(number), c => c.Body.Contains("gitjit:revoked", StringComparison.Ordinal));
        real.AssertNoSecretLeaked();
    }
}
