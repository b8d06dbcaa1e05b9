using GitJit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>On merge the bot decides once more on the merged commit and hands a grant, or a refusal, to provisioning.</summary>
public sealed class MergeFlowTests : ServerFlowTests
{
    private readonly RecordingProvisioning provisioning = new();
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<GitJit.Core.Decisions.IGrantProvisioning>(provisioning);

    [Fact]
    public async Task ApprovedRequest_Merged_IsOrderedForProvisioning()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        var mergeSha = await MergeAsync(pullRequest);

        var order = Assert.Single(provisioning.Orders);
        Assert.Equal(("acme/access", pullRequest.Number, mergeSha, "main"), (order.Source.Repository, order.Source.PullRequest, order.Source.MergeCommitSha, order.Source.Branch));
        Assert.Equal((FlowWorld.InstallationId, $"{World.GitHub.WebUrl}acme/access.git"), (order.Source.Installation, order.Source.CloneUrl));
        Assert.Equal(("alice", "orders-db", "read-only", TimeSpan.FromHours(2)), (order.Plan.Requester, order.Plan.Resource, order.Plan.Role, order.Plan.Duration));
        Assert.Empty(provisioning.Refusals);
    }

    [Fact]
    public async Task MergedWithoutApproval_AsAnAdminCan_IsRefused()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);

        await MergeAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        var refusal = Assert.Single(provisioning.Refusals);
        Assert.Equal("pr.merged-without-approval", Assert.Single(refusal.Problems).Code);
        Assert.Equal(("alice", Requests.AlicePath), (refusal.Requester, refusal.RequestPath));
    }

    [Fact]
    public async Task InvalidRequest_Merged_IsRefusedWithItsProblems()
    {
        var pullRequest = World.Open(Requests.AliceWith("duration", "9h"));
        pullRequest.AddReview("olga", "APPROVED");

        await MergeAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        Assert.Contains(Assert.Single(provisioning.Refusals).Problems, p => p.Code == "request.duration-too-long");
    }

    [Fact]
    public async Task ApprovalGivenBeforeTheLastPush_DoesNotGrantOnMerge()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        pullRequest.Push(World.Repository.Commit(World.Repository.TreeAt(World.BaseSha).Clone().With(Requests.AlicePath, Requests.AliceWith("duration", "4h")), pullRequest.HeadSha));

        await MergeAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        Assert.Single(provisioning.Refusals);
    }

    [Fact]
    public async Task ClosedWithoutMerging_DecidesNothing()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.Close();

        await DeliverClosedAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        Assert.Empty(provisioning.Refusals);
    }

}
