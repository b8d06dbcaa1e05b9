using GitJit.Core.Grants;
using GitJit.Core.Model;
using static GitJit.Postgres.Tests.TestTarget;

namespace GitJit.Postgres.Tests;

/// <summary>
/// A role that could create objects could leave something behind that runs with someone else's rights (a SECURITY
/// DEFINER function): provisioning refuses it, in the target; other databases are in <see cref="ClusterWideTests"/>.
/// </summary>
public sealed class CreatePrivilegeTests
{
    private const string Orders = "create schema app; create table app.orders (id int); insert into app.orders values (1);";

    [Theory]
    [InlineData("grant create on schema public to public", "public")]
    [InlineData("create schema scratch; grant create on schema scratch to public", "scratch")]
    [InlineData("create schema scratch; grant usage, create on schema scratch to public", "scratch")]
    [InlineData("grant create on schema app to public", "app")]
    public async Task PublicCreateOnASchemaOfTheTarget_FailsProvisioning_AndLeavesNoRole(string setup, string schema)
    {
        await using var target = await TestTarget.CreateAsync(Orders + setup);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });

        var failure = await Assert.ThrowsAsync<AccessRefusedException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

        Assert.StartsWith("refusing to provision", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"schema {schema} in database {target.Database} (REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC)", failure.Message, StringComparison.Ordinal);
        Assert.False(await target.RoleExistsAsync(PostgresAccessProvider.RoleName(grant)));
    }

    [Fact]
    public async Task PublicCreateOnTheTargetDatabase_FailsProvisioning_AndLeavesNoRole()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        await target.ExecuteAsync($"grant create on database {Quote(target.Database)} to public");
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });

        var failure = await Assert.ThrowsAsync<AccessRefusedException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

        Assert.Contains($"database {target.Database} (REVOKE CREATE ON DATABASE {target.Database} FROM PUBLIC)", failure.Message, StringComparison.Ordinal);
        Assert.False(await target.RoleExistsAsync(PostgresAccessProvider.RoleName(grant)));
    }

    [Fact]
    public async Task Temp_IsAllowed_ItsObjectsEndWithTheSession()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });

        await using (var session = await ConnectAsync(credentials))
        {
            await ScalarAsync(session, "create temporary table mine as select * from app.orders");
            Assert.Equal(1L, await ScalarAsync(session, "select count(*) from mine"));
            Assert.Equal("42501", await FailureAsync(session, "create table public.mine (id int)"));
            Assert.Equal("42501", await FailureAsync(session, "create schema mine"));
        }

        Assert.Empty((await target.Provider.RevokeAsync(access, CancellationToken.None)).ObjectsDropped);
    }
}
