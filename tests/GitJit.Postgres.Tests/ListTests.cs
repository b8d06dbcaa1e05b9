using GitJit.Core.Model;
using static GitJit.Postgres.Tests.TestTarget;

namespace GitJit.Postgres.Tests;

public sealed class ListTests
{
    [Fact]
    public async Task List_ShowsEachManagedRoleOnce_UnderItsConnection_AndNeverUnmanagedRoles()
    {
        await using var target = await TestTarget.CreateAsync("create schema app; create table app.orders (id int);");
        await using var provider = target.NewProvider("ORDERS_DB_ALIAS");
        var first = await provider.ProvisionAsync(target.NewGrant(new Guardrails { Schemas = ["app"] }), CancellationToken.None);
        var second = await provider.ProvisionAsync(target.NewGrant(new Guardrails { Tables = ["app.orders"] }, requester: "bob"), CancellationToken.None);
        var unmarked = $"gitjit_mallory_{Guid.NewGuid():N}"[..30];
        var malformed = $"gitjit_eve_{Guid.NewGuid():N}"[..30];
        await target.ExecuteAsync($"create role {Quote(unmarked)}; create role {Quote(malformed)}; comment on role {Quote(malformed)} is 'gitjit-managed {{not json'");
        try
        {
            var listed = await provider.ListAsync(CancellationToken.None);

            Assert.Equal([first, second], listed.Where(a => a.GrantId == first.GrantId || a.GrantId == second.GrantId).OrderBy(a => a.GrantId == second.GrantId));
            Assert.DoesNotContain(listed, a => a.Principal == unmarked || a.Principal == malformed);
            Assert.All(listed, a => Assert.Equal(TestTarget.Connection, a.Connection));
        }
        finally
        {
            await target.ExecuteAsync($"drop role {Quote(unmarked)}; drop role {Quote(malformed)}");
        }
    }
}
