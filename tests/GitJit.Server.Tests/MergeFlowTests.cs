using GitJit.Testing;
using GitJit.Sandbox.GitHub;
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

    [Theory]
    [InlineData(FakeMergeMethod.Merge)]
    [InlineData(FakeMergeMethod.Squash)]
    [InlineData(FakeMergeMethod.Rebase)]
    public async Task ApprovedRequest_MergedByAnyMethod_IsOrderedForProvisioning(FakeMergeMethod method)
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        var mergeSha = pullRequest.Merge(method);
        await DeliverClosedAsync(pullRequest);

        Assert.Equal(mergeSha, Assert.Single(provisioning.Orders).Source.MergeCommitSha);
        Assert.Empty(provisioning.Refusals);
    }

    [Fact]
    public async Task ApprovedRequest_OfSeveralCommits_RebasedOntoAMovedMain_IsGrantedUnderMainsRules()
    {
        var repository = World.Repository;
        var first = repository.CommitWithParents(repository.TreeAt(World.BaseSha).With(Requests.AlicePath, Requests.AliceWith("duration", "1h")), World.BaseSha);
        var second = repository.CommitWithParents(repository.TreeAt(first).With(Requests.AlicePath, Requests.AliceReadOnly), first);
        var pullRequest = repository.OpenPullRequest("alice", World.BaseSha, second);
        pullRequest.AddReview("olga", "APPROVED");
        repository.SetBranch("main", repository.CommitWithParents(repository.TreeAt(World.BaseSha).With("README.md", "moved on\n"), World.BaseSha));

        pullRequest.Merge(FakeMergeMethod.Rebase);
        await DeliverClosedAsync(pullRequest);

        Assert.Equal(TimeSpan.FromHours(2), Assert.Single(provisioning.Orders).Plan.Duration);
    }

    [Theory]
    [InlineData(FakeMergeMethod.Merge)]
    [InlineData(FakeMergeMethod.Squash)]
    [InlineData(FakeMergeMethod.Rebase)]
    public async Task RequestMergedIntoAnotherBranch_WithItsOwnRulesAndOwners_IsRefused(FakeMergeMethod method)
    {
        var pullRequest = Attacks.IntoBranchWithItsOwnRules(World, "widen", "bob", Requests.AliceWith("duration", "720h"));
        pullRequest.AddReview("bob", "APPROVED");

        pullRequest.Merge(method);
        await DeliverClosedAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        var refusal = Assert.Single(provisioning.Refusals);
        Assert.Equal("pr.base-not-granting", Assert.Single(refusal.Problems).Code);
        Assert.Equal(("main", Requests.AlicePath), (refusal.Source.Branch, refusal.RequestPath));
    }

    [Fact]
    public async Task RebaseMerge_WhoseFirstCommitWidensTheRules_IsRefused()
    {
        var pullRequest = Attacks.WidenThenRestore(World, Attacks.RoleGuardrailsRequest);
        pullRequest.AddReview("olga", "APPROVED");

        pullRequest.Merge(FakeMergeMethod.Rebase);
        await DeliverClosedAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        Assert.Equal(2, Assert.Single(provisioning.Refusals).Problems.Count(p => p.Code == "pr.commit-changes-more"));
    }

    [Fact]
    public async Task RebaseMerge_ThatSilentlyUndoesARuleChangeMergedMeanwhile_IsRefused()
    {
        // A tightening of the rules is pending (read-only at most 1h). The pull request copies it, reverts it, then adds
        // a 2h request: its sum is the request alone, so it is approved under main's rules of the day.
        var repository = World.Repository;
        var original = repository.TreeAt(World.BaseSha);
        var tightened = original.Clone().With("policies/orders-db.yaml",
            System.Text.Encoding.UTF8.GetString(original.Entries["policies/orders-db.yaml"].Content.Span).Replace("maxDuration: 4h", "maxDuration: 1h", StringComparison.Ordinal));
        var copy = repository.CommitWithParents(tightened, World.BaseSha);
        var revert = repository.CommitWithParents(original, copy);
        var request = repository.CommitWithParents(original.Clone().With(Requests.AlicePath, Requests.AliceReadOnly), revert);
        var pullRequest = repository.OpenPullRequest("alice", World.BaseSha, request);
        pullRequest.AddReview("olga", "APPROVED");
        // Then the tightening is merged into main, and the pull request is rebased onto it: the copy replays as nothing,
        // the revert undoes the tightening on main, and the request lands.
        repository.SetBranch("main", repository.CommitWithParents(tightened, World.BaseSha));

        pullRequest.Merge(FakeMergeMethod.Rebase);
        await DeliverClosedAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        Assert.Contains(Assert.Single(provisioning.Refusals).Problems, p => p.Code == "pr.commit-changes-more");
    }

    [Fact]
    public async Task MergeCommit_ThatChangesMoreThanTheRequest_IsRefused()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        pullRequest.Merge(World.Repository.CommitWithParents(Attacks.WidenReadOnly(World.Repository.TreeAt(pullRequest.HeadSha)), World.BaseSha));
        await DeliverClosedAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        Assert.Equal("pr.merge-changes-more", Assert.Single(Assert.Single(provisioning.Refusals).Problems).Code);
    }

    [Fact]
    public async Task ApprovedRequest_MergedIntoAnUnprotectedDefaultBranch_IsRefused()
    {
        World.Repository.Unprotect("main");
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        pullRequest.Merge(FakeMergeMethod.Merge);
        await DeliverClosedAsync(pullRequest);

        Assert.Empty(provisioning.Orders);
        Assert.Equal("pr.branch-unprotected", Assert.Single(Assert.Single(provisioning.Refusals).Problems).Code);
    }

    [Fact]
    public async Task ARequestWhoseNameHoldsAZeroWidthJoiner_IsRefused_NamingWhy()
    {
        const string path = "access-requests/orders-db/ali\u200Dce.yaml";
        var head = World.Repository.CommitWithParents(World.Repository.TreeAt(World.BaseSha).With(path, Requests.AliceReadOnly), World.BaseSha);
        var pullRequest = World.Repository.OpenPullRequest("alice", World.BaseSha, head);
        pullRequest.AddReview("olga", "APPROVED");

        pullRequest.Merge(FakeMergeMethod.Squash);
        await DeliverClosedAsync(pullRequest);

        var refusal = Assert.Single(provisioning.Refusals);
        Assert.Equal(("request.location", path), (Assert.Single(refusal.Problems).Code, refusal.RequestPath));
    }
}
