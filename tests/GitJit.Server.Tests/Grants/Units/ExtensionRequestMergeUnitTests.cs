using GitJit.Core.Audit;
using GitJit.Core.Decisions;

namespace GitJit.Server.Tests.Units;

/// <summary>
/// Merging an approved extension request, on a fake clock with a fake provider: it extends the grant it names once,
/// whatever is retried, and in the extender's order (target, gateway, record), so a crash before the record leaves the
/// records' expiry standing.
/// </summary>
public sealed class ExtensionRequestMergeUnitTests : IDisposable
{
    private readonly GrantUnit unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task AnApprovedExtensionRequest_ExtendsTheGrantItNames_InItsOwnTrail_AndTellsBothPullRequests()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(1), CancellationToken.None);
        var granted = Assert.Single(unit.Provider.Active).ExpiresAt;

        await unit.Workflow.GrantAsync(Extension(7, extends: 1, TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(granted + TimeSpan.FromHours(1), Assert.Single(unit.Provider.Active).ExpiresAt);
        var record = Assert.Single(unit.Records(1), r => r.Event == AuditEvent.Extended);
        Assert.Equal((7, 1, "alice", "olga", "3333333333333333333333333333333333333333"),
            (record.ExtensionPullRequest, record.Sequence, record.By, Assert.Single(record.Approvals!).Reviewer, record.MergeCommit));
        Assert.Empty(unit.Records(7));
        Assert.NotNull(unit.Comments.Of(GrantUnit.Repository, 7, "extended"));
        Assert.Contains("Approved in #7.", unit.Comments.Of(GrantUnit.Repository, 1, "extended-by:7"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetriedMergeJob_ExtendsOnce_AndPostsTheCommentThatFailed()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(1), CancellationToken.None);
        var granted = Assert.Single(unit.Provider.Active).ExpiresAt;
        unit.Comments.Failure = () => new InvalidOperationException("GitHub is down");

        await Assert.ThrowsAsync<InvalidOperationException>(() => unit.Workflow.GrantAsync(Extension(7, extends: 1, TimeSpan.FromHours(1)), CancellationToken.None));
        unit.Comments.Failure = null;
        unit.Time.Advance(TimeSpan.FromMinutes(1));
        await unit.Workflow.GrantAsync(Extension(7, extends: 1, TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(granted + TimeSpan.FromHours(1), Assert.Single(unit.Provider.Active).ExpiresAt);
        Assert.Single(unit.Records(1), r => r.Event == AuditEvent.Extended);
        Assert.NotNull(unit.Comments.Of(GrantUnit.Repository, 1, "extended-by:7"));
    }

    [Fact]
    public async Task AMergeJobThatDiedAfterMovingTheTarget_ButBeforeTheRecord_MovesItToTheSameExpiryWhenRetried()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(1), CancellationToken.None);
        var access = Assert.Single(unit.Provider.Active);
        await unit.Provider.ExtendAsync(access, access.ExpiresAt + TimeSpan.FromHours(1), CancellationToken.None);

        await unit.Workflow.GrantAsync(Extension(7, extends: 1, TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(access.ExpiresAt + TimeSpan.FromHours(1), Assert.Single(unit.Provider.Active).ExpiresAt);
        Assert.Equal(access.ExpiresAt + TimeSpan.FromHours(1), Assert.Single(unit.Records(1), r => r.Event == AuditEvent.Extended).ExpiresAt);
    }

    [Fact]
    public async Task AnExtensionRequestOfAGrantThatDoesNotExist_OrIsAnotherRequesters_IsRefusedOnItsOwnPullRequest()
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(1), CancellationToken.None);
        var order = Extension(8, extends: 1, TimeSpan.FromMinutes(30));

        await unit.Workflow.GrantAsync(Extension(7, extends: 5, TimeSpan.FromMinutes(30)), CancellationToken.None);
        await unit.Workflow.GrantAsync(order with { Plan = order.Plan with { Requester = "bob", RequesterId = 1002 } }, CancellationToken.None);

        Assert.Contains("#5 has no grant recorded", Assert.Single(Assert.Single(unit.Records(7)).Problems!), StringComparison.Ordinal);
        Assert.Contains("#1 was granted to 'alice', not 'bob'", Assert.Single(Assert.Single(unit.Records(8)).Problems!), StringComparison.Ordinal);
        Assert.DoesNotContain(unit.Audit.All, r => r.Event == AuditEvent.Extended);
    }

    private static GrantOrder Extension(int pullRequest, int extends, TimeSpan by)
    {
        var order = GrantUnit.Order(pullRequest, by);
        return new GrantOrder(
            order.Source with { MergeCommitSha = "3333333333333333333333333333333333333333" },
            order.Plan with { RequesterId = null, Guardrails = Core.Model.Guardrails.None } with { Extends = extends, MaxDuration = TimeSpan.FromHours(4) });
    }
}
