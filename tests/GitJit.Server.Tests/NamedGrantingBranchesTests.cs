using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Server.Grants;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>An operator names the granting branch (<c>GitJit:GrantingBranches</c>): <c>prod</c>, not the default branch.</summary>
public sealed class NamedGrantingBranchesTests : ServerFlowTests
{
    private readonly FakeAccessProvider provider = new(TimeProvider.System);
    private readonly InMemoryAuditTrail audit = new();

    protected override void AdjustSettings(Dictionary<string, string?> settings) => settings["GitJit:GrantingBranches:0"] = "prod";

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IAccessProvider>(provider);
        services.AddSingleton<IAuditTrail>(audit);
    }

    [Fact]
    public async Task ARequestMergedIntoTheNamedBranch_IsGranted_AndRecordedThere_AndOneIntoMainIsRefused_AndRecordedThereToo()
    {
        World.Repository.SetBranch("prod", World.BaseSha);
        World.Repository.Protect("prod");
        var intoProd = Open("prod");
        intoProd.AddReview("olga", "APPROVED");
        var intoMain = Open("main");
        intoMain.AddReview("olga", "APPROVED");

        intoProd.Merge(FakeMergeMethod.Merge);
        await DeliverClosedAsync(intoProd);
        intoMain.Merge(FakeMergeMethod.Merge);
        await DeliverClosedAsync(intoMain);

        Assert.Equal($"acme/access#{intoProd.Number}", Assert.Single(provider.Active).GrantId);
        var prod = new AuditLocation(FlowWorld.InstallationId, "acme/access", $"{World.GitHub.WebUrl}acme/access.git", "prod");
        var records = await audit.ReadAsync(prod, CancellationToken.None);
        Assert.Equal(AuditEvent.Granted, Assert.Single(records, r => r.PullRequest == intoProd.Number).Event);
        Assert.Equal("pr.base-not-granting: merged into 'main', but only requests merged into 'prod' are granted",
            Assert.Single(Assert.Single(records, r => r.PullRequest == intoMain.Number).Problems!));
    }

    [Fact]
    public async Task TheReconciler_HavingForgottenWhereRecordsLive_ReadsTheNamedBranch_NotTheDefaultOne()
    {
        var prod = new AuditLocation(FlowWorld.InstallationId, "acme/access", $"{World.GitHub.WebUrl}acme/access.git", "prod");
        var access = provider.Plant("acme/access#77", TimeProvider.System.GetUtcNow().AddHours(1));
        await audit.AppendAsync(prod, new AuditRecord
        {
            Event = AuditEvent.Granted, Request = access.GrantId, PullRequest = 77, At = TimeProvider.System.GetUtcNow(), Provider = "postgres",
            Principal = access.Principal, Requester = "alice", ExpiresAt = access.ExpiresAt,
        }, CancellationToken.None);

        await Server.Services.GetRequiredService<Reconciler>().RunAsync(CancellationToken.None);

        Assert.Equal(access.GrantId, Assert.Single(provider.Active).GrantId);
        Assert.Single(audit.All);
    }

    [Fact]
    public async Task ANamedBranchThatSomeoneWithWriteAccessCreated_Unprotected_GrantsNothing()
    {
        // The repository has no prod branch yet: mallory creates one holding her own rules and owners.
        var pullRequest = Attacks.IntoBranchWithItsOwnRules(World, "prod", "bob", Requests.AliceWith("duration", "720h"));
        pullRequest.AddReview("bob", "APPROVED");

        pullRequest.Merge(FakeMergeMethod.Squash);
        await DeliverClosedAsync(pullRequest);

        Assert.Empty(provider.Active);
        var refused = Assert.Single(audit.All);
        Assert.Equal(AuditEvent.Refused, refused.Event);
        Assert.StartsWith("pr.branch-unprotected: the granting branch 'prod' is not protected on GitHub", Assert.Single(refused.Problems!), StringComparison.Ordinal);
    }

    private FakePullRequest Open(string branch)
    {
        var repository = World.Repository;
        var head = repository.CommitWithParents(repository.TreeAt(World.BaseSha).With($"access-requests/orders-db/alice-{branch}.yaml", Requests.AliceReadOnly), World.BaseSha);
        return repository.OpenPullRequest("alice", World.BaseSha, head, baseRef: branch);
    }
}
