using System.Net;
using System.Text.Json.Nodes;
using GitJit.Core.Audit;
using GitJit.Server.Grants;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>
/// Break-glass end to end, through the fake GitHub, a real PostgreSQL role and a real git remote: a request marked
/// <c>emergency: true</c> on a role that allows it is granted when its pull request opens, before any approval; the code
/// owners are mentioned and the alert webhook told; without a code owner's approval in the follow-up window the role is
/// dropped, the story recorded, the pull request labelled; with one, the grant stands. Nothing is granted twice, and a
/// role without the rule grants nothing before merge.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class EmergencyFlowTests : IAsyncLifetime
{
    /// <summary>The example read-only role allows 30 s in an emergency, to be reviewed within 6 s.</summary>
    private static readonly (string Old, string New) Rule = ("    approvals: 1\n", "    approvals: 1\n    emergency:\n      maxDuration: 30s\n      followUpWithin: 6s\n");

    private static readonly string Emergency = Requests.AliceWith("duration", "20s") + "\nemergency: true";

    private WebApplication receiver = null!;
    private readonly List<string> alerts = [];

    public async Task InitializeAsync()
    {
        receiver = WebApplication.CreateSlimBuilder().Build();
        receiver.Urls.Add("http://127.0.0.1:0");
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            lock (alerts) alerts.Add(body!["text"]!.GetValue<string>());
            return Results.Ok();
        });
        await receiver.StartAsync();
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    private string HookUrl => new Uri(new Uri(receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/hook").ToString();

    [Fact]
    public async Task AnEmergencyNobodyReviews_IsGrantedOnOpen_ThenRevokedAtTheDeadline_AndEveryStepIsRecorded()
    {
        await using var real = await RealGrantWorld.StartAsync(s => s["GitJit:Alerts:WebhookUrl"] = HookUrl, policy: [Rule]);
        var pullRequest = real.World.Open(Emergency);

        await DeliverAsync(real, "opened", pullRequest);

        // Granted with no review at all, while the pull request is open.
        var access = Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{pullRequest.Number}");
        var granted = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted).Record;
        Assert.True(granted.Emergency);
        Assert.Empty(granted.Approvals!);
        Assert.Equal(pullRequest.HeadSha, granted.MergeCommit);
        Assert.Equal(granted.GrantedAt + TimeSpan.FromSeconds(6), granted.FollowUpBy);
        var comments = real.World.Repository.Comments(pullRequest.Number);
        Assert.Contains(comments, c => c.Body.Contains("🔑 Granted:", StringComparison.Ordinal) && c.Body.Contains("in an emergency, before any approval", StringComparison.Ordinal));
        var alert = Assert.Single(comments, c => c.Body.Contains("Emergency access granted without approval", StringComparison.Ordinal));
        Assert.Contains("@acme/orders-dba @dana: please review", alert.Body, StringComparison.Ordinal);
        Assert.StartsWith("Emergency: granted without approval", real.World.GitHub.CheckRuns[^1].Title, StringComparison.Ordinal);
        await TargetRoles.WaitForAsync(() => { lock (alerts) return alerts.Any(a => a.Contains("Emergency access on acme/access: alice was granted read-only", StringComparison.Ordinal)); });

        // Another event (a push) grants nothing more.
        await DeliverAsync(real, "synchronize", pullRequest);
        Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted);

        // The deadline passes with no approval: the role goes, before its 20 s are up.
        await TargetRoles.WaitForAsync(() => real.History.Any(e => e.Record.Event == AuditEvent.Unreviewed));
        await real.Server.JobsDoneAsync();
        Assert.Equal(0L, await TargetRoles.CountAsync(real.Target, access.Principal));
        var revoked = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Revoked).Record;
        Assert.Equal(AuditReason.Unreviewed, revoked.Reason);
        Assert.True(revoked.RevokedAt < access.ExpiresAt);
        Assert.Contains(EmergencyGrants.UnreviewedLabel, pullRequest.Labels);
        Assert.Contains(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("⚠️ No code owner approved this emergency grant", StringComparison.Ordinal)
            && c.Body.Contains("its access has been revoked", StringComparison.Ordinal));
        Assert.Contains(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("no code owner approved this emergency grant within its follow-up window", StringComparison.Ordinal));
        await TargetRoles.WaitForAsync(() => { lock (alerts) return alerts.Any(a => a.Contains("went unreviewed", StringComparison.Ordinal)); });

        // An approval after the deadline changes nothing: the story stands, and the audit calls it an anomaly.
        pullRequest.AddReview("olga", "APPROVED");
        await DeliverAsync(real, "submitted", pullRequest, "pull_request_review");
        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.Reviewed);
        Assert.Equal(0L, await TargetRoles.CountAsync(real.Target, access.Principal));
        var audit = GitJit.Audit.AuditVerifier.Verify(real.History.Select(e => e.Record), TimeProvider.System.GetUtcNow());
        Assert.Contains(audit.Anomalies, a => a.Code == GitJit.Audit.AuditAnomalyCodes.GrantEmergencyUnreviewed);
        Assert.Equal(GitJit.Audit.EmergencyReview.Unreviewed, Assert.Single(audit.Timeline).Emergency);
        real.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task AnEmergencyACodeOwnerApprovesInTime_Stands_AndIsRecordedAsReviewed()
    {
        await using var real = await RealGrantWorld.StartAsync(policy: [Rule]);
        var pullRequest = real.World.Open(Emergency);
        await DeliverAsync(real, "opened", pullRequest);
        var access = Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{pullRequest.Number}");

        pullRequest.AddReview("olga", "APPROVED");
        await DeliverAsync(real, "submitted", pullRequest, "pull_request_review");

        var reviewed = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Reviewed).Record;
        Assert.Equal("olga", Assert.Single(reviewed.Approvals!).Reviewer);
        Assert.Contains(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("✅ Emergency access reviewed: approved afterwards by `@olga`", StringComparison.Ordinal));

        // Past the deadline the grant is still there, and nothing says it went unreviewed.
        var followUpBy = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted).Record.FollowUpBy!.Value;
        await Task.Delay(followUpBy - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(2));
        await real.Server.JobsDoneAsync();
        Assert.Equal(1L, await TargetRoles.CountAsync(real.Target, access.Principal));
        Assert.DoesNotContain(real.History, e => e.Record.Event is AuditEvent.Unreviewed or AuditEvent.Revoked);
        Assert.Empty(pullRequest.Labels);

        // Merging it grants nothing more: the emergency was the grant.
        await real.MergeAsync(pullRequest);
        Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted);
        Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{pullRequest.Number}");
        Assert.Empty(GitJit.Audit.AuditVerifier.Verify(real.History.Select(e => e.Record), TimeProvider.System.GetUtcNow()).Anomalies);
    }

    [Fact]
    public async Task AnApprovalOfARequestChangedSinceTheGrant_DoesNotReviewIt()
    {
        await using var real = await RealGrantWorld.StartAsync(policy: [Rule]);
        var pullRequest = real.World.Open(Emergency);
        await DeliverAsync(real, "opened", pullRequest);
        Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{pullRequest.Number}");

        // The requester pushes a longer duration, and that is what gets approved.
        var changed = real.World.Repository.CommitWithParents(
            real.World.Repository.TreeAt(pullRequest.HeadSha).Clone().With(Requests.AlicePath, Emergency.Replace("duration: 20s", "duration: 25s", StringComparison.Ordinal)), pullRequest.HeadSha);
        pullRequest.Push(changed);
        await DeliverAsync(real, "synchronize", pullRequest);
        pullRequest.AddReview("olga", "APPROVED");
        await DeliverAsync(real, "submitted", pullRequest, "pull_request_review");

        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.Reviewed);
        await TargetRoles.WaitForAsync(() => real.History.Any(e => e.Record.Event == AuditEvent.Unreviewed));
        Assert.Empty(await real.AccessAsync());
    }

    [Fact]
    public async Task AReviewedRecordNobodyGave_KeepsNoAccessPastTheDeadline()
    {
        // Someone who can push to the records branch commits a review by hand; no code owner approved on GitHub.
        await using var real = await RealGrantWorld.StartAsync(policy: [Rule]);
        var pullRequest = real.World.Open(Emergency);
        await DeliverAsync(real, "opened", pullRequest);
        var access = Assert.Single(await real.AccessAsync(), a => a.GrantId == $"acme/access#{pullRequest.Number}");
        var granted = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted).Record;
        var location = new AuditLocation(FlowWorld.InstallationId, "acme/access", real.Remote, "main");
        await real.Server.Services.GetRequiredService<IAuditTrail>().AppendAsync(location, new AuditRecord
        {
            Event = AuditEvent.Reviewed,
            Request = granted.Request,
            At = TimeProvider.System.GetUtcNow(),
            PullRequest = pullRequest.Number,
            Requester = "alice",
            Approvals = [new AuditApproval("olga", 424242, pullRequest.HeadSha)],
            FollowUpBy = granted.FollowUpBy,
        }, CancellationToken.None);

        await TargetRoles.WaitForAsync(() => real.History.Any(e => e.Record.Event == AuditEvent.Unreviewed));
        await real.Server.JobsDoneAsync();

        Assert.Equal(0L, await TargetRoles.CountAsync(real.Target, access.Principal));
        Assert.Equal(AuditReason.Unreviewed, Assert.Single(real.History, e => e.Record.Event == AuditEvent.Revoked).Record.Reason);
        Assert.Contains(EmergencyGrants.UnreviewedLabel, pullRequest.Labels);
    }

    [Fact]
    public async Task AnEmergencyOnARoleWithoutTheRule_GrantsNothingOnOpen_AndTheCheckSaysWhy()
    {
        await using var real = await RealGrantWorld.StartAsync();
        var pullRequest = real.World.Open(Emergency);

        await DeliverAsync(real, "opened", pullRequest);

        Assert.Empty(await real.AccessAsync());
        Assert.DoesNotContain(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("Granted", StringComparison.Ordinal));
        var check = real.World.GitHub.CheckRuns[^1];
        Assert.Equal("failure", check.Conclusion);
        Assert.Contains(check.Annotations, a => a.Title == "request.emergency-not-allowed");
    }

    private static async Task DeliverAsync(RealGrantWorld real, string action, FakePullRequest pullRequest, string eventName = "pull_request")
    {
        using (var response = await real.World.GitHub.SendWebhookAsync(real.Server.WebhookUrl, eventName, real.World.Payload(eventName, action, pullRequest), FlowWorld.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await real.Server.JobsDoneAsync();
        if (action == "opened") Assert.True(real.World.Repository.Comments(pullRequest.Number).Count > 0, "nothing said on open: " + real.Server.JobTroubles() + string.Join("\n", real.Logs.All));
    }
}
