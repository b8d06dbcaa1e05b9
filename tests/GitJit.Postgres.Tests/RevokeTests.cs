using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Testing;
using Microsoft.Extensions.Logging;
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
    public async Task Revoke_LogsTheSessionsItEnded_WithTheGrantAndRole()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });
        await using var open = await ConnectAsync(credentials);
        var logger = new RecordingLogger<PostgresAccessProvider>();
        await using var provider = new PostgresAccessProvider(new Dictionary<string, string> { [access.Connection] = target.ConnectionString }, target.Time, logger);

        await provider.RevokeAsync(access, CancellationToken.None);

        var logged = Assert.Single(logger.WithId(2200));
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.Equal(access.GrantId, logged.Fields["Grant"]);
        Assert.Equal(access.Principal, logged.Fields["Principal"]);
        Assert.Equal(1, logged.Fields["Sessions"]);
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

    /// <summary>What an admin may do after the grant: let PUBLIC create in a schema (as in the public schema before PostgreSQL 15).</summary>
    private const string Scratch = "create schema scratch; grant usage, create on schema scratch to public;";

    /// <summary>The attack: a SECURITY DEFINER function that, once the admin owned it, anyone could call with the admin's rights.</summary>
    private const string Creations =
        """
        create function scratch.f(int) returns int language sql security definer as 'select 1';
        create table scratch.notes as select * from app.orders;
        create view scratch.v as select * from scratch.notes;
        """;

    private const string NothingLeft =
        "select to_regprocedure('scratch.f(int)') is null and to_regclass('scratch.notes') is null and to_regclass('scratch.v') is null";

    [Fact]
    public async Task Revoke_DropsWhatTheRoleCreated_NeverHandingItToTheAdmin_AndReportsIt()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });
        await target.ExecuteAsync(Scratch);
        await using (var session = await ConnectAsync(credentials))
        {
            await ScalarAsync(session, Creations);
        }

        var revocation = await target.Provider.RevokeAsync(access, CancellationToken.None);

        Assert.True(revocation.Existed);
        Assert.Equal(
            [$"function scratch.f(integer) in database {target.Database}", $"table scratch.notes in database {target.Database}", $"view scratch.v in database {target.Database}"],
            revocation.ObjectsDropped);
        Assert.False(await target.RoleExistsAsync(access.Principal));
        Assert.True(await target.ScalarAsync<bool>(NothingLeft));
        Assert.Equal(0L, await target.ScalarAsync<long>("select count(*) from pg_class where relnamespace = 'scratch'::regnamespace"));
    }

    [Fact]
    public async Task Revoke_DropsWhatTheRoleCreatedInAnotherDatabase_AndWhatOthersBuiltOnIt()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });
        var other = await OtherDatabaseAsync(Scratch);
        var otherDatabase = DatabaseOf(other);
        await using var otherAdmin = NpgsqlDataSource.Create(other);
        await ExecuteAsync(otherAdmin, $"grant connect on database {Quote(otherDatabase)} to {Quote(access.Principal)}");
        await target.ExecuteAsync(Scratch);
        await using (var session = await ConnectAsync(credentials))
        {
            await ScalarAsync(session, "create function scratch.f(int) returns int language sql security definer as 'select 1'");
        }
        await using (var session = await ConnectAsync(credentials, otherDatabase))
        {
            await ScalarAsync(session, "create function scratch.g() returns int language sql security definer as 'select 2'; create table scratch.t (id int primary key);");
        }
        await ExecuteAsync(otherAdmin, "create view scratch.on_top as select * from scratch.t");

        var revocation = await target.Provider.RevokeAsync(access, CancellationToken.None);

        Assert.False(await target.RoleExistsAsync(access.Principal));
        Assert.Equal(
            [
                $"function scratch.f(integer) in database {target.Database}",
                $"function scratch.g() in database {otherDatabase}",
                $"table scratch.t in database {otherDatabase}",
            ],
            revocation.ObjectsDropped.Where(o => !o.Contains("depends on", StringComparison.Ordinal)));
        Assert.Contains(revocation.ObjectsDropped, o => o.StartsWith("view scratch.on_top depends on table scratch.t", StringComparison.Ordinal) && o.EndsWith($" in database {otherDatabase}", StringComparison.Ordinal));
        await using var check = await otherAdmin.OpenConnectionAsync();
        Assert.Equal(true, await ScalarAsync(check, "select to_regprocedure('scratch.g()') is null and to_regclass('scratch.t') is null and to_regclass('scratch.on_top') is null"));
        Assert.Equal(0L, await ScalarAsync(check, "select count(*) from pg_shdepend s join pg_database d on d.oid = s.dbid where d.datname = current_database()"
            + " and s.refclassid = 'pg_authid'::regclass and s.refobjid = (select oid from pg_roles where rolname = current_user) and s.deptype = 'o'"));
    }

    [Fact]
    public async Task Revoke_InterruptedAfterNologin_IsFinishedByTheNextAttempt_AndThenFindsNothing()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });
        await target.ExecuteAsync(Scratch);
        await using var open = await ConnectAsync(credentials);
        await ScalarAsync(open, Creations);
        await target.ExecuteAsync($"alter role {Quote(access.Principal)} nologin"); // where a crash after the first step leaves it

        var finished = await target.Provider.RevokeAsync(access, CancellationToken.None);
        var again = await target.Provider.RevokeAsync(access, CancellationToken.None);

        Assert.Equal(new Revocation(true, 1) { ObjectsDropped = [$"function scratch.f(integer) in database {target.Database}", $"table scratch.notes in database {target.Database}", $"view scratch.v in database {target.Database}"] }, finished);
        Assert.Equal(new Revocation(false, 0), again);
        Assert.False(await target.RoleExistsAsync(access.Principal));
        Assert.True(await target.ScalarAsync<bool>(NothingLeft));
    }

    [Fact]
    public async Task Revoke_InterruptedAfterDroppingInAnotherDatabase_IsFinishedByTheNextAttempt()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });
        var other = await OtherDatabaseAsync(Scratch);
        await using var otherAdmin = NpgsqlDataSource.Create(other);
        await ExecuteAsync(otherAdmin, $"grant connect on database {Quote(DatabaseOf(other))} to {Quote(access.Principal)}");
        await target.ExecuteAsync(Scratch);
        await using (var session = await ConnectAsync(credentials))
        {
            await ScalarAsync(session, Creations);
        }
        await using (var session = await ConnectAsync(credentials, DatabaseOf(other)))
        {
            await ScalarAsync(session, "create table scratch.t (id int)");
        }
        // Where a crash leaves it after the other database's step: no login, nothing there, the rest untouched.
        await target.ExecuteAsync($"alter role {Quote(access.Principal)} nologin");
        await ExecuteAsync(otherAdmin, $"drop owned by {Quote(access.Principal)}");

        var finished = await target.Provider.RevokeAsync(access, CancellationToken.None);

        Assert.Equal([$"function scratch.f(integer) in database {target.Database}", $"table scratch.notes in database {target.Database}", $"view scratch.v in database {target.Database}"], finished.ObjectsDropped);
        Assert.False(await target.RoleExistsAsync(access.Principal));
        Assert.True(await target.ScalarAsync<bool>(NothingLeft));
    }

    [Fact]
    public async Task Revoke_WithObjectsInADatabaseThatAllowsNoConnections_SaysWhere_AndFinishesOnceItDoes()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (access, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });
        var other = await OtherDatabaseAsync(Scratch);
        var otherDatabase = DatabaseOf(other);
        await using (var otherAdmin = NpgsqlDataSource.Create(other))
        {
            await ExecuteAsync(otherAdmin, $"grant connect on database {Quote(otherDatabase)} to {Quote(access.Principal)}");
        }
        await using (var session = await ConnectAsync(credentials, otherDatabase))
        {
            await ScalarAsync(session, "create table scratch.t (id int)");
        }
        await target.ExecuteAsync($"alter database {Quote(otherDatabase)} allow_connections false");
        try
        {
            var stuck = await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.RevokeAsync(access, CancellationToken.None));

            Assert.Contains($"\"{otherDatabase}\" (which allows no connections)", stuck.Message, StringComparison.Ordinal);
            Assert.True(await target.RoleExistsAsync(access.Principal));
            Assert.False(await target.ScalarAsync<bool>("select rolcanlogin from pg_roles where rolname = $1", access.Principal));
        }
        finally
        {
            await target.ExecuteAsync($"alter database {Quote(otherDatabase)} allow_connections true");
        }

        var finished = await target.Provider.RevokeAsync(access, CancellationToken.None);

        Assert.Equal([$"table scratch.t in database {otherDatabase}"], finished.ObjectsDropped);
        Assert.False(await target.RoleExistsAsync(access.Principal));
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
