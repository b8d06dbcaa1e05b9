using System.Net;
using GitJit.Core.Audit;
using GitJit.Server.Grants;
using GitJit.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// The target PostgreSQL cannot be reached when a grant expires: the revocation is retried, people are told once its
/// access has outlived the expiry, nothing records it as ended while it is not, and once the target is back the
/// access ends and is recorded once.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class TargetUnreachableTests
{
    [Fact]
    public async Task TargetDownAtExpiry_RevocationIsRetried_PeopleAreTold_AndTheRecordComesOnlyOnceTheRoleIsGone()
    {
        TcpRelay? relay = null;
        try
        {
            await DownAtExpiryAsync(r => relay = r);
        }
        finally
        {
            // After the world, which revokes its leftovers through the relay.
            if (relay is not null) await relay.DisposeAsync();
        }
    }

    private static async Task DownAtExpiryAsync(Action<TcpRelay> started)
    {
        TcpRelay? relay = null;
        await using var real = await RealGrantWorld.StartAsync(settings =>
        {
            // The server reaches the target through a relay the test can cut; the test itself goes straight to it.
            var direct = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:ORDERS_DB"]);
            relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, direct.Port));
            started(relay);
            settings["ConnectionStrings:ORDERS_DB"] = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = relay.Port }.ConnectionString;
        });
        // Long enough that the revocation cannot have run before the relay is cut, even on a loaded machine (4 s was not).
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "10s"));
        await real.MergeAsync(pullRequest);
        var access = Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{pullRequest.Number}");

        relay!.Cut();
        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + Reconciler.OverdueGrace + TimeSpan.FromSeconds(1));

        // The revocation job failed and waits for its retry; the role is still there, and nothing says it ended.
        var monitoring = real.Server.Jobs.GetMonitoringApi();
        var retry = Assert.Single(monitoring.ScheduledJobs(0, 100), j => j.Value.Job?.Type == typeof(RevokeJob)).Key;
        Assert.Contains(monitoring.JobDetails(retry).History, h => h.StateName == "Failed" || (h.Reason?.Contains("Retry attempt", StringComparison.Ordinal) ?? false));
        Assert.Equal(1L, await TargetRoles.CountAsync(real.Target, access.Principal));

        await real.Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);

        await TargetRoles.WaitForAsync(() => real.World.Repository.Comments(pullRequest.Number).Any(c => c.Body.Contains("could not end this grant on time", StringComparison.Ordinal)));
        Assert.Contains(real.Logs.All, l => l.Contains("[1028]", StringComparison.Ordinal) && l.Contains(access.GrantId, StringComparison.Ordinal));
        // The error names the target's address; the comment, which every reader of the repository sees, does not.
        Assert.DoesNotContain(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains($":{relay!.Port}", StringComparison.Ordinal));
        Assert.DoesNotContain(real.History, e => e.Record.PullRequest == pullRequest.Number && e.Record.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked);
        Assert.Equal(1L, await TargetRoles.CountAsync(real.Target, access.Principal));
        // Even with its revocation job lost, a round that cannot see the target does not take the access for gone (it
        // used to record it as revoked); it logs again, and within the repeat interval does not alert again.
        real.Server.Services.GetRequiredService<IBackgroundJobClient>().Delete(retry);
        await real.Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);
        await real.Server.JobsDoneAsync();
        Assert.DoesNotContain(real.History, e => e.Record.PullRequest == pullRequest.Number && e.Record.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked);
        Assert.Equal(2, real.Logs.All.Count(l => l.Contains("[1028]", StringComparison.Ordinal)));
        Assert.Single(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("could not end this grant on time", StringComparison.Ordinal));

        relay.Restore();
        await real.Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);

        Assert.Equal(0L, await TargetRoles.CountAsync(real.Target, access.Principal));
        Assert.Single(real.History, e => e.Record.PullRequest == pullRequest.Number && e.Record.Event == AuditEvent.Revoked);
        // The job, run again now, finds nothing left to do and records nothing more.
        real.Server.Services.GetRequiredService<IBackgroundJobClient>().Requeue(retry);
        await real.Server.JobsDoneAsync();
        Assert.Single(real.History, e => e.Record.PullRequest == pullRequest.Number && e.Record.Event == AuditEvent.Revoked);
        Assert.Single(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("could not end this grant on time", StringComparison.Ordinal));
    }
}
