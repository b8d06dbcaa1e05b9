using GitJit.Core.Grants;
using GitJit.Core.Model;
using static GitJit.Postgres.Tests.TestTarget;

namespace GitJit.Postgres.Tests;

public sealed class SafetyTests
{
    private const string Orders =
        """
        create schema app;
        create table app.orders (id int);
        create table app.customers_pii (id int, email text);
        create table public.y (id int);
        insert into app.orders values (1);
        """;

    [Theory]
    [InlineData("grant select on app.customers_pii to public", "app.customers_pii")]
    [InlineData("grant select (email) on app.customers_pii to public", "app.customers_pii")]
    [InlineData("grant select on public.y to public", "public.y")]
    [InlineData("grant insert on app.orders to public", "app.orders")]
    public async Task PrivilegesOfPublic_BeyondTheGuardrails_FailProvisioning_AndLeaveNoRole(string publicGrant, string leaked)
    {
        await using var target = await TestTarget.CreateAsync(Orders + publicGrant);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"], Privileges = ["select"], DeniedTables = ["app.customers_pii"] });

        var failure = await Assert.ThrowsAsync<AccessRefusedException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

        Assert.Contains("PUBLIC", failure.Message, StringComparison.Ordinal);
        Assert.Contains(leaked, failure.Message, StringComparison.Ordinal);
        Assert.False(await target.RoleExistsAsync(PostgresAccessProvider.RoleName(grant)));
    }

    [Fact]
    public async Task PublicDefaultPrivilegesInAnAllowedSchema_FailProvisioning_AndLeaveNoRole()
    {
        await using var target = await TestTarget.CreateAsync(Orders + "alter default privileges in schema app grant select on tables to public;");
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });

        var failure = await Assert.ThrowsAsync<AccessRefusedException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

        Assert.Contains("default privileges", failure.Message, StringComparison.Ordinal);
        Assert.Contains("schema app", failure.Message, StringComparison.Ordinal);
        Assert.False(await target.RoleExistsAsync(PostgresAccessProvider.RoleName(grant)));
    }

    [Fact]
    public async Task PublicGrantsOutsideWhatTheRoleCanReach_DoNotFailProvisioning()
    {
        // PUBLIC may read hidden.t, but nobody gave PUBLIC usage on schema hidden: the role cannot reach it.
        await using var target = await TestTarget.CreateAsync(Orders + "create schema hidden; create table hidden.t (id int); grant select on hidden.t to public;");

        var (_, credentials) = await target.GrantAsync(new Guardrails { Tables = ["app.orders"] });

        await using var session = await ConnectAsync(credentials);
        Assert.Equal("42501", await FailureAsync(session, "select * from hidden.t"));
    }

    [Fact]
    public async Task PreExistingRoleWithoutTheMarker_IsNeverTakenOverChangedListedOrDropped()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });
        var role = PostgresAccessProvider.RoleName(grant);
        await target.ExecuteAsync($"create role {Quote(role)} login connection limit 7");
        var access = new ManagedAccess(grant.Id, "postgres", TestTarget.Connection, target.Database, role, grant.ExpiresAt);
        try
        {
            var provision = await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));
            var revoke = await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.RevokeAsync(access, CancellationToken.None));
            await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.IssueCredentialsAsync(access, CancellationToken.None));

            Assert.Contains("no GitJit marker", provision.Message, StringComparison.Ordinal);
            Assert.Contains(role, revoke.Message, StringComparison.Ordinal);
            Assert.Equal("login 7 ", await target.ScalarAsync<string>(
                "select concat_ws(' ', case when rolcanlogin then 'login' end, rolconnlimit, shobj_description(oid, 'pg_authid'), rolpassword, '') from pg_authid where rolname = $1", role));
            Assert.DoesNotContain(await target.Provider.ListAsync(CancellationToken.None), a => a.Principal == role);
        }
        finally
        {
            await target.ExecuteAsync($"drop role {Quote(role)}");
        }
    }

    [Fact]
    public async Task RoleManagedForAnotherGrant_IsRefused()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });
        var role = PostgresAccessProvider.RoleName(grant);
        var other = new RoleMarker("acme/other#7", grant.ExpiresAt, TestTarget.Connection, target.Database);
        await target.ExecuteAsync($"create role {Quote(role)} nologin; comment on role {Quote(role)} is '{other.Comment}'");
        try
        {
            var access = new ManagedAccess(grant.Id, "postgres", TestTarget.Connection, target.Database, role, grant.ExpiresAt);

            var provision = await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));
            await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.RevokeAsync(access, CancellationToken.None));

            Assert.Contains("acme/other#7", provision.Message, StringComparison.Ordinal);
            Assert.True(await target.RoleExistsAsync(role));
        }
        finally
        {
            await target.ExecuteAsync($"drop role {Quote(role)}");
        }
    }

    [Fact]
    public async Task HostileIdentifiers_AreTreatedAsNames()
    {
        const string Schema = "Evil \"Schema\"; drop table y; --";
        const string Table = "x\"; drop table y; --";
        const string Denied = "d'); drop table y; --";
        const string Other = "o%I%L%s'\"";
        await using var target = await TestTarget.CreateAsync(
            $"""
            create table public.y (id int);
            create schema {Quote(Schema)};
            create table {Quote(Schema)}.{Quote(Table)} (id int);
            create table {Quote(Schema)}.{Quote(Denied)} (id int);
            create table {Quote(Schema)}.{Quote(Other)} (id int);
            insert into {Quote(Schema)}.{Quote(Table)} values (1), (2);
            """);
        var grantId = Grant.IdFor($"acme/it's \"quoted\" -- {Guid.NewGuid():N}", 1);
        var hostile = target.NewGrant(new Guardrails { Schemas = [Schema], DeniedTables = [$"{Schema}.{Denied}"] }, requester: "Robert'); drop role postgres; --") with { Id = grantId };
        var listed = target.NewGrant(new Guardrails { Tables = [$"{Schema}.{Table}"] });

        var bySchema = await target.Provider.ProvisionAsync(hostile, CancellationToken.None);
        var byTable = await target.Provider.ProvisionAsync(listed, CancellationToken.None);

        Assert.Matches("^gitjit_robert____drop_role_postgres_____[0-9a-f]{10}$", bySchema.Principal);
        Assert.Contains(bySchema, await target.Provider.ListAsync(CancellationToken.None));
        await using (var session = await ConnectAsync(await target.Provider.IssueCredentialsAsync(bySchema, CancellationToken.None)))
        {
            Assert.Equal(2L, await ScalarAsync(session, $"select count(*) from {Quote(Schema)}.{Quote(Table)}"));
            Assert.Equal(0L, await ScalarAsync(session, $"select count(*) from {Quote(Schema)}.{Quote(Other)}"));
            Assert.Equal("42501", await FailureAsync(session, $"select * from {Quote(Schema)}.{Quote(Denied)}"));
        }
        await using (var session = await ConnectAsync(await target.Provider.IssueCredentialsAsync(byTable, CancellationToken.None)))
        {
            Assert.Equal(2L, await ScalarAsync(session, $"select count(*) from {Quote(Schema)}.{Quote(Table)}"));
            Assert.Equal("42501", await FailureAsync(session, $"select * from {Quote(Schema)}.{Quote(Other)}"));
        }
        Assert.Equal(new Revocation(true, 0), await target.Provider.RevokeAsync(bySchema, CancellationToken.None));
        Assert.Equal(1L, await target.ScalarAsync<long>("select count(*) from pg_tables where schemaname = 'public' and tablename = 'y'"));
        Assert.Equal(3L, await target.ScalarAsync<long>("select count(*) from pg_tables where schemaname = $1", Schema));
        Assert.True(await target.ScalarAsync<bool>("select exists (select from pg_roles where rolname = current_user)"));
    }
}
