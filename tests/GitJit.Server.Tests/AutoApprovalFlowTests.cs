using System.Net;
using GitJit.Core.Audit;
using GitJit.Testing;

namespace GitJit.Server.Tests;

/// <summary>
/// A role that approves its own small requests, end to end: the check turns green when the pull request opens, a
/// merge without any review grants a real role, and the record says which rule approved it.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class AutoApprovalFlowTests : IAsyncLifetime
{
    private const string Rule = "    autoApprove:\n      maxDuration: 1h\n      readOnly: true\n      requesters: [\"@acme/orders-dba\"]\n";

    private RealGrantWorld real = null!;

    public async Task InitializeAsync() => real = await RealGrantWorld.StartAsync(policy: [("    approvals: 1\n", "    approvals: 1\n" + Rule)]);

    public async Task DisposeAsync() => await real.DisposeAsync();

    [Fact]
    public async Task ARequestWithinTheRule_IsGreenOnOpen_AndAMergeWithoutReviewGrantsIt_RecordingTheRule()
    {
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "30m"));
        using (var opened = await real.World.GitHub.SendWebhookAsync(real.Server.WebhookUrl, "pull_request", real.World.Payload("pull_request", "opened", pullRequest), FlowWorld.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        var check = await real.World.CheckRunAsync(real.Server, pullRequest.HeadSha, 1);
        Assert.Equal("success", check.Conclusion);
        Assert.Contains(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("**Approved by rule:**", StringComparison.Ordinal));

        pullRequest.Merge(real.World.Repository.Commit(real.World.Repository.TreeAt(pullRequest.HeadSha), real.World.BaseSha));
        await real.DeliverClosedAsync(pullRequest);

        Assert.True(real.History.Any(e => e.Record.Event == AuditEvent.Granted),
            "not granted: " + string.Join("; ", real.History.SelectMany(e => e.Record.Problems ?? [])) + "\n" + real.Server.JobTroubles());
        var granted = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted).Record;
        Assert.Empty(granted.Approvals!);
        Assert.Equal("the role read-only's autoApprove rule (at most 1h, select only, requested by @acme/orders-dba)", granted.ApprovedByRule);
        Assert.Single(await real.AccessAsync());
    }

    [Fact]
    public async Task ARequestOutsideTheRule_MergedWithoutReview_IsRefused_AndGrantsNothing()
    {
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "2h"));
        pullRequest.Merge(real.World.Repository.Commit(real.World.Repository.TreeAt(pullRequest.HeadSha), real.World.BaseSha));
        await real.DeliverClosedAsync(pullRequest);

        var refused = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Refused).Record;
        Assert.Contains(refused.Problems!, p => p.StartsWith("pr.merged-without-approval", StringComparison.Ordinal));
        Assert.Empty(await real.AccessAsync());
    }
}
