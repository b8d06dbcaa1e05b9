using System.Net;
using GitJit.Core.Audit;
using GitJit.Server.Grants;

namespace GitJit.Server.Tests.Units;

/// <summary>What the revocation job decides, on a fake clock: never before expiry, on time when picked up early, and the record stands whatever GitHub says.</summary>
public sealed class RevokeJobUnitTests : IDisposable
{
    private readonly GrantUnit unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task ARevocationPickedUpBeforeExpiry_WaitsOnTheClock_AndEndsTheAccessAtExpiryNotBefore()
    {
        var order = await GrantAsync(TimeSpan.FromHours(2));
        unit.Provider.OpenSessions[order.GrantId] = 2;
        // Hangfire starts it at the whole second before expiry (plus its polling): here 0.75 s early.
        unit.Time.SetUtcNow(new DateTimeOffset(order.DueAt(), TimeSpan.Zero));

        var revoking = unit.Revoke.RevokeAsync(order, CancellationToken.None);
        unit.Time.Advance(TimeSpan.FromMilliseconds(749));
        Assert.False(revoking.IsCompleted);
        Assert.Single(unit.Provider.Active);
        unit.Time.Advance(TimeSpan.FromMilliseconds(2));
        await revoking.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(unit.Provider.Active);
        var (grantId, at) = Assert.Single(unit.Provider.Revocations);
        Assert.Equal(order.GrantId, grantId);
        Assert.InRange(at - order.ExpiresAt, TimeSpan.Zero, TimeSpan.FromMilliseconds(2));
        var revoked = Assert.Single(unit.Records(42), r => r.Event == AuditEvent.Revoked);
        Assert.Equal((AuditReason.Expired, RevocationOrder.Bot, 2, at), (revoked.Reason, revoked.By, revoked.SessionsEnded, revoked.At));
        Assert.Equal(("alice", "orders-db", "read-only"), (revoked.Requester, revoked.Resource, revoked.Role));
        Assert.Contains("2 open sessions were ended", unit.Comments.Of(GrantUnit.Repository, 42, "revoked"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevocationPickedUpFarTooEarly_PutsItselfBackForItsExpiry_AndEndsNothing()
    {
        var order = await GrantAsync(TimeSpan.FromHours(2));
        unit.Time.Advance(TimeSpan.FromHours(1));

        await unit.Revoke.RevokeAsync(order, CancellationToken.None);

        Assert.Single(unit.Provider.Active);
        Assert.DoesNotContain(unit.Audit.All, r => r.Event == AuditEvent.Revoked);
        Assert.Equal(2, unit.ScheduledRevocations.Count);
        Assert.Equal((order, order.DueAt()), unit.ScheduledRevocations[1]);
    }

    [Fact]
    public async Task ARevocationThatCannotBeAnnounced_StillEndsTheAccess_AndIsRecorded()
    {
        var order = await GrantAsync(TimeSpan.FromHours(2));
        unit.Comments.Failure = () => new Octokit.ApiException("Not Found", HttpStatusCode.NotFound);
        unit.Time.Advance(TimeSpan.FromHours(2));

        await unit.Revoke.RevokeAsync(order, CancellationToken.None);

        Assert.Empty(unit.Provider.Active);
        Assert.Single(unit.Records(42), r => r.Event == AuditEvent.Revoked);
        Assert.Null(unit.Comments.Of(GrantUnit.Repository, 42, "revoked"));
    }

    [Fact]
    public async Task ARevocationRunTwice_EndsTheAccessOnce_AndRecordsAndAnnouncesOnce()
    {
        var order = await GrantAsync(TimeSpan.FromHours(2));
        unit.Time.Advance(TimeSpan.FromHours(2));

        await unit.Revoke.RevokeAsync(order, CancellationToken.None);
        unit.Time.Advance(TimeSpan.FromSeconds(30));
        await unit.Revoke.RevokeAsync(order, CancellationToken.None);

        Assert.Single(unit.Provider.Revocations);
        var revoked = Assert.Single(unit.Records(42), r => r.Event == AuditEvent.Revoked);
        Assert.Equal(GrantUnit.Start + TimeSpan.FromHours(2), revoked.At);
        Assert.Single(unit.Comments.Posted, c => c.Key.Name == "revoked");
    }

    [Fact]
    public async Task ARevocationAtExpiry_EndsTheGrantsGatewayLogin_ForEveryGatewayReadingTheStore()
    {
        var order = await GrantAsync(TimeSpan.FromHours(2));
        var login = new GitJit.Gateway.Sessions.GatewayLogin(order.Principal, GitJit.Gateway.Sessions.ScramVerifier.Create("gateway password"), order.GrantId,
            GitJit.Core.Model.Guardrails.None, order.ExpiresAt, new GitJit.Gateway.Sessions.UpstreamServer("db.example.test", 5432, "orders", order.Principal, "role password"));
        await unit.GatewayLogins.SaveAsync(login, CancellationToken.None);
        unit.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await unit.GatewayLogins.EndedAsync([order.GrantId], CancellationToken.None));

        unit.Time.SetUtcNow(order.ExpiresAt);
        await unit.Revoke.RevokeAsync(order, CancellationToken.None);

        Assert.Equal([order.GrantId], await unit.GatewayLogins.EndedAsync([order.GrantId], CancellationToken.None));
        Assert.Null(await unit.GatewayLogins.FindAsync(order.Principal, CancellationToken.None));
        Assert.Null(Assert.Single(unit.Records(42), r => r.Event == AuditEvent.Revoked).Sessions);
        // Ended for good: a late reveal cannot bring it back.
        await Assert.ThrowsAsync<InvalidOperationException>(() => unit.GatewayLogins.SaveAsync(login, CancellationToken.None));
    }

    private async Task<RevocationOrder> GrantAsync(TimeSpan duration)
    {
        await unit.Workflow.GrantAsync(GrantUnit.Order(42, duration), CancellationToken.None);
        return Assert.Single(unit.ScheduledRevocations).Order;
    }
}

internal static class RevocationOrderDue
{
    /// <summary>When the schedule puts this order's job (UTC).</summary>
    public static DateTime DueAt(this RevocationOrder order) => RevocationSchedule.DueAt(order.ExpiresAt).UtcDateTime;
}
