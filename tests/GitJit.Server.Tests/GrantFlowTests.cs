using System.Net;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Server.Grants;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>
/// From merge to revocation through the real server, the fake GitHub and Hangfire, with a fake provider and an
/// in-memory audit trail (the PostgreSQL provider and the git audit trail have their own tests, and the lifecycle
/// test runs them all together).
/// </summary>
public sealed class GrantFlowTests : ServerFlowTests
{
    private readonly FakeAccessProvider provider = new(TimeProvider.System);
    private readonly InMemoryAuditTrail audit = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IAccessProvider>(provider);
        services.AddSingleton<IAuditTrail>(audit);
    }

    [Fact]
    public async Task ApprovedMerge_IsProvisioned_Recorded_Announced_AndItsRevocationScheduled()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        var reviewId = pullRequest.AddReview("olga", "APPROVED");

        var mergeSha = await MergeAsync(pullRequest);

        var access = Assert.Single(provider.Active);
        Assert.Equal($"acme/access#{pullRequest.Number}", access.GrantId);
        var granted = Assert.Single(audit.All);
        Assert.Equal((AuditEvent.Granted, access.GrantId, pullRequest.Number, mergeSha, "alice"), (granted.Event, granted.Request, granted.PullRequest, granted.MergeCommit, granted.Requester));
        Assert.Equal(new AuditApproval("olga", reviewId, pullRequest.HeadSha, World.GitHub.UserId("olga")), Assert.Single(granted.Approvals!));
        Assert.Equal((access.Principal, access.ExpiresAt, TimeSpan.FromHours(2)), (granted.Principal, granted.ExpiresAt, granted.ExpiresAt - granted.GrantedAt));
        Assert.Equal(["public.orders"], granted.Guardrails!.Tables!);
        Assert.True(granted.Guardrails.Gateway); // said in the record, so a later default cannot change what was granted

        var comment = Assert.Single(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("🔑 Granted", StringComparison.Ordinal));
        Assert.Contains($"{FlowWorld.PublicUrl}grants/acme/access/{pullRequest.Number}", comment.Body, StringComparison.Ordinal);
        Assert.Contains(" UTC**", comment.Body, StringComparison.Ordinal);
        Assert.Contains("- blocked statements: DROP, TRUNCATE, ALTER, GRANT, REVOKE, COPY — enforced by the gateway", comment.Body, StringComparison.Ordinal);

        var scheduled = Assert.Single(Server.Jobs.GetMonitoringApi().ScheduledJobs(0, 100), j => j.Value.Job.Type == typeof(RevokeJob)).Value;
        Assert.Equal(access.ExpiresAt.UtcDateTime, scheduled.EnqueueAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ARevealThatCannotBeRecorded_ShowsNoSecret_AndTheNextOneIsNumberedOnFromTheTrail()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);
        var issuer = Server.Services.GetRequiredService<GitJit.Server.Pages.CredentialsIssuer>();
        var alice = new GitJit.Server.Pages.Viewer("alice", Assert.Single(audit.All).RequesterId!.Value, IsAdmin: false);

        audit.Unreachable = r => r.Event == AuditEvent.CredentialsIssued;
        var lost = await issuer.RevealAsync(alice, "acme", "access", pullRequest.Number, CancellationToken.None);
        Assert.Equal((GitJit.Server.Pages.RevealStatus.NotRecorded, null), (lost.Status, lost.Credentials));

        audit.Unreachable = null;
        var shown = await issuer.RevealAsync(alice, "acme", "access", pullRequest.Number, CancellationToken.None);
        Assert.Equal((GitJit.Server.Pages.RevealStatus.Revealed, 1), (shown.Status, shown.Sequence));
        Assert.NotNull(shown.Credentials);
        var issued = Assert.Single(audit.All, r => r.Event == AuditEvent.CredentialsIssued);
        Assert.Equal(("alice", 1), (issued.By, issued.Sequence));
    }

    [Fact]
    public async Task CredentialsGoToTheRequestersGitHubAccount_NotToWhoeverHoldsTheLoginNow()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);
        var requesterId = Assert.Single(audit.All).RequesterId;
        Assert.NotNull(requesterId);
        Assert.Equal(requesterId, Assert.Single(provider.Active).RequesterId);
        var issuer = Server.Services.GetRequiredService<GitJit.Server.Pages.CredentialsIssuer>();

        // alice renamed her account, and someone else took the login "alice": same login, another id.
        var impostor = await issuer.RevealAsync(new GitJit.Server.Pages.Viewer("alice", requesterId.Value + 1, IsAdmin: false), "acme", "access", pullRequest.Number, CancellationToken.None);
        Assert.Equal((GitJit.Server.Pages.RevealStatus.NotRequester, null), (impostor.Status, impostor.Credentials));
        var requester = await issuer.RevealAsync(new GitJit.Server.Pages.Viewer("alice", requesterId.Value, IsAdmin: false), "acme", "access", pullRequest.Number, CancellationToken.None);
        Assert.Equal(GitJit.Server.Pages.RevealStatus.Revealed, requester.Status);
        // And alice under her new login is still alice.
        var renamed = await issuer.RevealAsync(new GitJit.Server.Pages.Viewer("alice-renamed", requesterId.Value, IsAdmin: false), "acme", "access", pullRequest.Number, CancellationToken.None);
        Assert.Equal(GitJit.Server.Pages.RevealStatus.Revealed, renamed.Status);
    }

    [Fact]
    public async Task AGrant_IsRevokedWithinSecondsOfItsExpiry_AndTheRevocationRecorded()
    {
        // The shortest grant there is: when the job is due, how it waits for the exact expiry and what it records are
        // proven on a fake clock (Units/RevokeJobUnitTests); this is the same through Hangfire on the real clock.
        var pullRequest = World.Open(Requests.AliceWith("duration", "1s"));
        pullRequest.AddReview("olga", "APPROVED");
        provider.OpenSessions[$"acme/access#{pullRequest.Number}"] = 2;
        await MergeAsync(pullRequest);
        var expiresAt = audit.All.Single(r => r.Event == AuditEvent.Granted).ExpiresAt!.Value;

        await UntilAsync(() => audit.All.Any(r => r.Event == AuditEvent.Revoked), TimeSpan.FromSeconds(15));
        // The record is written before the comment is posted: let the revocation job finish.
        await Server.JobsDoneAsync();

        var revoked = audit.All.Single(r => r.Event == AuditEvent.Revoked);
        Assert.Equal((AuditReason.Expired, "gitjit", 2), (revoked.Reason, revoked.By, revoked.SessionsEnded));
        Assert.Equal(("alice", "orders-db", "read-only"), (revoked.Requester, revoked.Resource, revoked.Role));
        var lateness = provider.Revocations.Single().At - expiresAt;
        Assert.InRange(lateness, TimeSpan.Zero, TimeSpan.FromSeconds(5)); // behaviour, not speed: Hangfire alone would take up to 15 s (see the grants benchmark)
        Assert.Empty(provider.Active);
        Assert.Contains(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("🔒 Revoked", StringComparison.Ordinal) && c.Body.Contains("2 open sessions were ended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheMergeJobRunTwice_GrantsRecordsAndAnnouncesOnce()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        await MergeAsync(pullRequest);
        await RunMergeJobAgainAsync(pullRequest);

        Assert.Single(provider.Active);
        Assert.Single(audit.All);
        Assert.Single(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("🔑 Granted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefusedMerge_IsRecordedAndAnnounced_AndNothingIsProvisioned()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);

        await MergeAsync(pullRequest);

        Assert.Empty(provider.Active);
        var refused = Assert.Single(audit.All);
        Assert.Equal((AuditEvent.Refused, AuditReason.Refused, "alice"), (refused.Event, refused.Reason, refused.Requester));
        Assert.StartsWith("pr.merged-without-approval: ", Assert.Single(refused.Problems!), StringComparison.Ordinal);
        Assert.Single(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("GitJit grants nothing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGrantCommentThatWentMissing_IsPostedByTheRetry_AndNeverTwice()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);
        // As if the first attempt recorded the grant and then GitHub turned its comment away.
        World.Repository.ClearComments(pullRequest.Number);

        await RunMergeJobAgainAsync(pullRequest);
        await RunMergeJobAgainAsync(pullRequest);

        Assert.Single(audit.All);
        Assert.Single(provider.Active);
        Assert.Single(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("🔑 Granted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFirstDecisionRecordedStands_ARetriedMergeCannotTurnARefusalIntoAGrant()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        await MergeAsync(pullRequest);
        pullRequest.AddReview("olga", "APPROVED");

        await RunMergeJobAgainAsync(pullRequest);

        Assert.Empty(provider.Active);
        Assert.Equal(AuditEvent.Refused, Assert.Single(audit.All).Event);
    }

    [Fact]
    public void ARevocationOrder_SurvivesHangfiresJobArgumentSerialization()
    {
        var order = new RevocationOrder(7, "acme/access", "/srv/access.git", "main", 42, "acme/access#42", "postgres", "ORDERS_DB", "orders",
            "gitjit_alice_0123456789", new DateTimeOffset(2026, 11, 28, 14, 0, 0, TimeSpan.Zero), AuditReason.Early, "olga", "alice", "orders-db", "read-only");

        var text = Hangfire.Common.SerializationHelper.Serialize(order, Hangfire.Common.SerializationOption.User);

        Assert.Equal(order, Hangfire.Common.SerializationHelper.Deserialize<RevocationOrder>(text, Hangfire.Common.SerializationOption.User));
        Assert.DoesNotContain("\"Location\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("olga")]
    [InlineData(FlowWorld.Admin)]
    public async Task RevokeCommand_ByTheRequesterAnApproverOrAnAdmin_RevokesAtOnce(string who)
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);

        await CommentAsync(pullRequest, "/gitjit revoke", who);

        Assert.Empty(provider.Active);
        var revoked = Assert.Single(audit.All, r => r.Event == AuditEvent.Revoked);
        Assert.Equal((AuditReason.Early, who, "alice"), (revoked.Reason, revoked.By, revoked.Requester));
        Assert.Contains(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("🔒 Revoked", StringComparison.Ordinal) && c.Body.Contains($"`@{who}` asked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARevocationThatDroppedWhatTheRoleCreated_SaysSoInTheRecordAndTheComment()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);
        provider.CreatedObjects[Assert.Single(provider.Active).GrantId] = ["function public.f(integer) in database orders", "table `x`.t in database orders"];

        await CommentAsync(pullRequest, "/gitjit revoke", "alice");

        var revoked = Assert.Single(audit.All, r => r.Event == AuditEvent.Revoked);
        Assert.Equal(["function public.f(integer) in database orders", "table `x`.t in database orders"], revoked.ObjectsDropped);
        Assert.Contains(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("🔒 Revoked", StringComparison.Ordinal)
            && c.Body.Contains("2 objects", StringComparison.Ordinal)
            && c.Body.Contains("`function public.f(integer) in database orders`", StringComparison.Ordinal)
            && c.Body.Contains("`table 'x'.t in database orders`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokeCommand_BySomeoneElse_IsPolitelyRefused_AndChangesNothing()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);

        await CommentAsync(pullRequest, "/gitjit revoke", "mallory");

        Assert.Single(provider.Active);
        Assert.DoesNotContain(audit.All, r => r.Event == AuditEvent.Revoked);
        Assert.Contains(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("-->\n@mallory sorry, only the requester", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokeCommand_ByTheRequestersLoginOnAnotherAccount_IsRefused()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);

        // alice renamed her account and someone else took the login: same login, another user id.
        await CommentAsync(pullRequest, "/gitjit revoke", "alice", authorId: World.GitHub.UserId("alice") + 1000);

        Assert.Single(provider.Active);
        Assert.DoesNotContain(audit.All, r => r.Event == AuditEvent.Revoked);
    }

    [Theory]
    [InlineData("olga")]
    [InlineData(FlowWorld.Admin)]
    public async Task RevokeCommand_ByAnApproversOrAdminsLoginReRegisteredBySomeoneElse_IsRefused(string who)
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);
        Assert.NotNull(Assert.Single(Assert.Single(audit.All).Approvals!).ReviewerId);

        // The account is deleted and someone else registers its login.
        World.GitHub.ReRegister(who);
        await CommentAsync(pullRequest, "/gitjit revoke", who);

        Assert.Single(provider.Active);
        Assert.DoesNotContain(audit.All, r => r.Event == AuditEvent.Revoked);
        Assert.Contains(World.Repository.Comments(pullRequest.Number), c => c.Body.Contains($"-->\n@{who} sorry, only the requester", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconciler_RevokesOrphans_AndExpiredAccessWhoseJobWasLost_AndRecordsVanishedAccess()
    {
        // A grant whose revocation job was lost: recorded, expired, still in the target.
        var lost = World.Open(Requests.AliceReadOnly);
        lost.AddReview("olga", "APPROVED");
        await MergeAsync(lost);
        foreach (var job in Server.Jobs.GetMonitoringApi().ScheduledJobs(0, 100)) Server.Services.GetRequiredService<IBackgroundJobClient>().Delete(job.Key);
        var lostAccess = Assert.Single(provider.Active);
        provider.Plant(lostAccess.GrantId, TimeProvider.System.GetUtcNow().AddSeconds(-5));
        // Access with no grant record at all (a crash between provisioning and recording, or a hand-made role).
        var orphan = provider.Plant("acme/access#900", TimeProvider.System.GetUtcNow().AddHours(1));
        // A recorded grant whose access is gone but whose revocation was never recorded.
        var location = new AuditLocation(FlowWorld.InstallationId, "acme/access", $"{World.GitHub.WebUrl}acme/access.git", "main");
        await audit.AppendAsync(location, new AuditRecord { Event = AuditEvent.Granted, Request = "acme/access#901", PullRequest = 901, At = TimeProvider.System.GetUtcNow().AddHours(-3), Provider = "postgres", Principal = "gitjit_bob", ExpiresAt = TimeProvider.System.GetUtcNow().AddHours(-1) }, CancellationToken.None);

        await Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);

        Assert.Empty(provider.Active);
        Assert.Equal(AuditReason.Expired, audit.All.Single(r => r.PullRequest == lost.Number && r.Event == AuditEvent.Revoked).Reason);
        Assert.Equal(AuditReason.Orphan, audit.All.Single(r => r.PullRequest == 900 && r.Event == AuditEvent.OrphanRevoked).Reason);
        Assert.Equal(orphan.Principal, audit.All.Single(r => r.PullRequest == 900).Principal);
        Assert.Equal(AuditReason.Expired, audit.All.Single(r => r.PullRequest == 901 && r.Event == AuditEvent.Revoked).Reason);
    }

    [Fact]
    public async Task ACrashBetweenProvisioningAndRecording_EndsAsAnOrphan_AndTheRetriedMergeDoesNotGrantAgain()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        pullRequest.Merge(World.Repository.Commit(World.Repository.TreeAt(pullRequest.HeadSha), World.BaseSha));
        // The merge job provisioned, then the process died before the granted record; the reconciler came first.
        var location = new AuditLocation(FlowWorld.InstallationId, "acme/access", $"{World.GitHub.WebUrl}acme/access.git", "main");
        await Server.Services.GetRequiredService<AccessRepositories>().RememberAsync(location, "main", CancellationToken.None);
        provider.Plant($"acme/access#{pullRequest.Number}", TimeProvider.System.GetUtcNow().AddHours(2));

        await Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);
        await DeliverClosedAsync(pullRequest);

        Assert.Empty(provider.Active);
        var record = Assert.Single(audit.All);
        Assert.Equal((AuditEvent.OrphanRevoked, pullRequest.Number), (record.Event, record.PullRequest));
    }

    [Fact]
    public async Task AfterAnOutage_OneReconcilerRun_RevokesAndRecordsEveryExpiredGrant()
    {
        var location = new AuditLocation(FlowWorld.InstallationId, "acme/access", $"{World.GitHub.WebUrl}acme/access.git", "main");
        await Server.Services.GetRequiredService<AccessRepositories>().RememberAsync(location, "main", CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow();
        foreach (var number in Enumerable.Range(1000, 40))
        {
            var access = provider.Plant($"acme/access#{number}", now.AddMinutes(-5));
            await audit.AppendAsync(location, new AuditRecord { Event = AuditEvent.Granted, Request = access.GrantId, PullRequest = number, At = now.AddHours(-1), Provider = "postgres", Principal = access.Principal, Requester = "alice", ExpiresAt = access.ExpiresAt }, CancellationToken.None);
        }

        await Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);

        Assert.Empty(provider.Active);
        Assert.Equal(40, audit.All.Count(r => r.Event == AuditEvent.Revoked && r.Reason == AuditReason.Expired && r.Requester == "alice"));
    }

    [Fact]
    public async Task Reconciler_ReschedulesALostRevocation_OfAnActiveGrant()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);
        foreach (var job in Server.Jobs.GetMonitoringApi().ScheduledJobs(0, 100)) Server.Services.GetRequiredService<IBackgroundJobClient>().Delete(job.Key);

        await Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);
        await Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);

        var access = Assert.Single(provider.Active);
        var scheduled = Assert.Single(Server.Jobs.GetMonitoringApi().ScheduledJobs(0, 100)).Value;
        Assert.Equal(access.ExpiresAt.UtcDateTime, scheduled.EnqueueAt, TimeSpan.FromSeconds(1));
    }


    private async Task CommentAsync(FakePullRequest pullRequest, string body, string author, long? authorId = null)
    {
        World.Repository.Comment(pullRequest.Number, author, body);
        var payload = System.Text.Json.Nodes.JsonNode.Parse(World.CommentPayload(pullRequest, body, author))!;
        if (authorId is { } id) payload["comment"]!["user"]!["id"] = id;
        using var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "issue_comment", payload.ToJsonString(), FlowWorld.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Server.JobsDoneAsync();
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < timeout, $"not within {timeout}");
            await Task.Delay(50);
        }
    }
}
