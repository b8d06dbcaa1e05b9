using GitJit.Core.Grants;
using GitJit.Core.Model;
using Npgsql;
using static GitJit.Postgres.Tests.TestTarget;

namespace GitJit.Postgres.Tests;

public sealed class RevokeTests
{
    private const string Orders = "create schema app; create table app.orders (id int); insert into app.orders values (1);";

    [Fact]
    public async Task Revoke_EndsOpenSessions_BlocksLogin_AndDropsTheRole()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });
        await using var open = await ConnectAsync(credentials);
        await using var idleInTransaction = await ConnectAsync(credentials);
        await ScalarAsync(idleInTransaction, "begin; select count(*) from app.orders");

        var revocation = await target.Provider.RevokeAsync(access, CancellationToken.None);

        Assert.Equal(new Revocation(true, 2), revocation);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(open, "select 1"));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(idleInTransaction, "select count(*) from app.orders"));
        var login = await Assert.ThrowsAsync<PostgresException>(() => ConnectAsync(credentials));
        Assert.Equal("28P01", login.SqlState); // password authentication failed: the server does not say the role is gone
        Assert.False(await target.RoleExistsAsync(access.Principal));
        Assert.Equal(0L, await target.ScalarAsync<long>("select count(*) from pg_stat_activity where usename = $1", access.Principal));
    }

    [Fact]
    public async Task RevokeTwice_IsHarmless()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var access = await target.Provider.ProvisionAsync(target.NewGrant(new Guardrails { Schemas = ["app"] }), CancellationToken.None);

        var first = await target.Provider.RevokeAsync(access, CancellationToken.None);
        var second = await target.Provider.RevokeAsync(access, CancellationToken.None);

        Assert.Equal(new Revocation(true, 0), first);
        Assert.Equal(new Revocation(false, 0), second);
    }

    [Fact]
    public async Task Revoke_ReassignsWhatTheRoleCreated_ThenDropsIt()
    {
        // PUBLIC may create in scratch (as in the public schema before PostgreSQL 15): the role can own objects.
        await using var target = await TestTarget.CreateAsync(Orders + "create schema scratch; grant usage, create on schema scratch to public;");
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });
        await using (var session = await ConnectAsync(credentials))
        {
            await ScalarAsync(session, "create table scratch.notes as select * from app.orders");
        }

        var revocation = await target.Provider.RevokeAsync(access, CancellationToken.None);

        Assert.True(revocation.Existed);
        Assert.False(await target.RoleExistsAsync(access.Principal));
        Assert.True(await target.ScalarAsync<bool>("select tableowner = current_user from pg_tables where schemaname = 'scratch' and tablename = 'notes'"));
    }

    [Fact]
    public async Task RevokedAccess_GetsNoCredentials_AndIsNotListed()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var access = await target.Provider.ProvisionAsync(target.NewGrant(new Guardrails { Schemas = ["app"] }), CancellationToken.None);

        await target.Provider.RevokeAsync(access, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.IssueCredentialsAsync(access, CancellationToken.None));
        Assert.DoesNotContain(access, await target.Provider.ListAsync(CancellationToken.None));
    }
}
