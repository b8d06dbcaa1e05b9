using GitJit.Core.Grants;
using GitJit.Core.Model;
using Npgsql;
using static GitJit.Postgres.Tests.TestTarget;

namespace GitJit.Postgres.Tests;

public sealed class ProvisionTests
{
    private const string Orders =
        """
        create schema app;
        create table app.orders (id int primary key, note text);
        create table app.items (id int primary key);
        create table app.customers_pii (id int primary key, email text);
        insert into app.orders values (1, 'stuck');
        insert into app.items values (1);
        insert into app.customers_pii values (1, 'a@example.com');
        """;

    [Fact]
    public async Task TheSameGrantIdForAnotherDatabase_IsRefused_NotHandedTheOthersRole()
    {
        await using var first = await TestTarget.CreateAsync(Orders);
        await using var second = await TestTarget.CreateAsync(Orders);
        var grant = first.NewGrant(new Guardrails { Schemas = ["app"] });
        var access = await first.Provider.ProvisionAsync(grant, CancellationToken.None);

        // Roles are cluster-wide: the same id (another GitJit, another test) in another database is not this grant.
        var elsewhere = grant with { Target = new PolicyTarget(TestTarget.Connection, second.Database), ExpiresAt = grant.ExpiresAt.AddHours(1) };
        var refused = await Assert.ThrowsAsync<AccessRefusedException>(() => second.Provider.ProvisionAsync(elsewhere, CancellationToken.None));
        Assert.Contains("refusing to reuse", refused.Message, StringComparison.Ordinal);
        Assert.Equal(access, await first.Provider.ProvisionAsync(grant, CancellationToken.None));
    }

    [Fact]
    public async Task SelectOnAllowedTables_Works_AndWritesFail()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (_, credentials) = await target.GrantAsync(new Guardrails { Privileges = ["select"], Schemas = ["app"], DeniedTables = ["app.customers_pii"] });
        await using var session = await ConnectAsync(credentials);

        Assert.Equal(1L, await ScalarAsync(session, "select count(*) from app.orders"));
        Assert.Equal(1L, await ScalarAsync(session, "select count(*) from app.items"));
        Assert.Equal("42501", await FailureAsync(session, "insert into app.orders values (2, 'x')"));
        Assert.Equal("42501", await FailureAsync(session, "update app.orders set note = 'x'"));
        Assert.Equal("42501", await FailureAsync(session, "delete from app.orders"));
        Assert.Equal("42501", await FailureAsync(session, "truncate app.orders"));
    }

    [Fact]
    public async Task DeniedTable_IsUnreadable_InAnAllowedSchema_AndWhenListed()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (_, bySchema) = await target.GrantAsync(new Guardrails { Schemas = ["app"], DeniedTables = ["app.customers_pii"] });
        var (_, byList) = await target.GrantAsync(new Guardrails { Tables = ["app.orders", "app.customers_pii"], DeniedTables = ["app.customers_pii"] });

        foreach (var credentials in new[] { bySchema, byList })
        {
            await using var session = await ConnectAsync(credentials);
            Assert.Equal(1L, await ScalarAsync(session, "select count(*) from app.orders"));
            Assert.Equal("42501", await FailureAsync(session, "select * from app.customers_pii"));
        }
    }

    [Fact]
    public async Task DeniedTable_IsNotReadableThroughItsPartitionsOrViews()
    {
        await using var target = await TestTarget.CreateAsync(
            """
            create schema app;
            create table app.orders (id int);
            create table app.secret (region text, value text) partition by list (region);
            create table app.secret_eu partition of app.secret for values in ('eu');
            create view app.secret_view as select * from app.secret;
            create view app.secret_view_view as select * from app.secret_view;
            insert into app.secret values ('eu', 'classified');
            """);
        var (_, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"], DeniedTables = ["app.secret"] });
        await using var session = await ConnectAsync(credentials);

        Assert.Equal(0L, await ScalarAsync(session, "select count(*) from app.orders"));
        Assert.Equal("42501", await FailureAsync(session, "select * from app.secret"));
        Assert.Equal("42501", await FailureAsync(session, "select * from app.secret_eu"));
        Assert.Equal("42501", await FailureAsync(session, "select * from app.secret_view"));
        Assert.Equal("42501", await FailureAsync(session, "select * from app.secret_view_view"));
    }

    [Fact]
    public async Task TableCreatedAfterProvisioning_IsUnreadable()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (_, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"] });

        await target.ExecuteAsync("create table app.later (id int); insert into app.later values (1)");

        await using var session = await ConnectAsync(credentials);
        Assert.Equal(1L, await ScalarAsync(session, "select count(*) from app.orders"));
        Assert.Equal("42501", await FailureAsync(session, "select * from app.later"));
    }

    [Fact]
    public async Task TablesOnlyGrant_DoesNotOpenOtherTablesOfTheSchema()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (_, credentials) = await target.GrantAsync(new Guardrails { Tables = ["app.orders"] });
        await using var session = await ConnectAsync(credentials);

        Assert.Equal(1L, await ScalarAsync(session, "select count(*) from app.orders"));
        Assert.Equal("42501", await FailureAsync(session, "select * from app.items"));
        Assert.Equal("42501", await FailureAsync(session, "select * from app.customers_pii"));
    }

    [Fact]
    public async Task StatementTimeout_AndIdleInTransactionTimeout_Apply()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (_, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"], StatementTimeout = TimeSpan.FromMilliseconds(250) });
        await using var session = await ConnectAsync(credentials);

        Assert.Equal("250ms", await ScalarAsync(session, "show statement_timeout"));
        Assert.Equal("5min", await ScalarAsync(session, "show idle_in_transaction_session_timeout"));
        Assert.Equal("57014", await FailureAsync(session, "select pg_sleep(2)"));
    }

    [Fact]
    public async Task ReadOnlyGuardrail_MakesEveryTransactionReadOnly_WhateverThePrivileges()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (_, credentials) = await target.GrantAsync(new Guardrails { Tables = ["app.orders"], Privileges = ["select", "insert"], ReadOnly = true });
        await using var session = await ConnectAsync(credentials);

        Assert.Equal("on", await ScalarAsync(session, "show default_transaction_read_only"));
        Assert.Equal("25006", await FailureAsync(session, "insert into app.orders values (2, 'x')"));
    }

    [Fact]
    public async Task WritePrivileges_AreGrantedWhenTheGuardrailsSaySo()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (_, credentials) = await target.GrantAsync(new Guardrails { Tables = ["app.orders"], Privileges = ["select", "insert", "update"] });
        await using var session = await ConnectAsync(credentials);

        Assert.Equal("off", await ScalarAsync(session, "show default_transaction_read_only"));
        Assert.Equal(1L, await ScalarAsync(session, "with i as (insert into app.orders values (2, 'new') returning 1) select count(*) from i"));
        Assert.Equal("42501", await FailureAsync(session, "delete from app.orders"));
    }

    [Fact]
    public async Task ConnectionLimit_IsEnforced()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var (_, credentials) = await target.GrantAsync(new Guardrails { Schemas = ["app"], MaxConnections = 1 });
        await using var first = await ConnectAsync(credentials);

        var second = await Assert.ThrowsAsync<PostgresException>(() => ConnectAsync(credentials));

        Assert.Equal("53300", second.SqlState);
    }

    [Fact]
    public async Task Role_IsLeastPrivileged_WithoutAPassword_UntilTheGrantExpires()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });

        var access = await target.Provider.ProvisionAsync(grant, CancellationToken.None);

        Assert.Equal(new ManagedAccess(grant.Id, "postgres", TestTarget.Connection, target.Database, PostgresAccessProvider.RoleName(grant), grant.ExpiresAt, "alice")
        {
            GuardrailsDigest = GitJit.Core.Grants.GuardrailsDigest.Of(grant.Guardrails),
        }, access);
        Assert.Equal(
            "login noinherit connlimit=2 password=false",
            await target.ScalarAsync<string>(
                """
                select concat_ws(' ', case when rolcanlogin then 'login' end, case when rolinherit then 'inherit' else 'noinherit' end,
                    case when rolsuper or rolcreatedb or rolcreaterole or rolreplication or rolbypassrls then 'powerful' end,
                    'connlimit=' || rolconnlimit, 'password=' || (rolpassword is not null))
                from pg_authid where rolname = $1
                """, access.Principal));
        var validUntil = await target.ScalarAsync<DateTime>("select rolvaliduntil from pg_roles where rolname = $1", access.Principal);
        Assert.True((validUntil - grant.ExpiresAt.UtcDateTime).Duration() < TimeSpan.FromMilliseconds(1));
        Assert.Equal(0L, await target.ScalarAsync<long>("select count(*) from pg_auth_members m join pg_roles r on r.oid = m.member where r.rolname = $1", access.Principal));
    }

    [Fact]
    public async Task ProvisioningTwice_ReturnsTheSameAccess_AndChangesNothing()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });
        var first = await target.Provider.ProvisionAsync(grant, CancellationToken.None);
        var before = await RoleStateAsync(target, first.Principal);

        var again = await target.Provider.ProvisionAsync(grant with { ExpiresAt = grant.ExpiresAt.AddHours(5), Guardrails = new Guardrails { Tables = ["app.items"], MaxConnections = 9 } }, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(grant.ExpiresAt, again.ExpiresAt);
        Assert.Equal(before, await RoleStateAsync(target, first.Principal));
    }

    [Fact]
    public async Task ConcurrentProvisioning_OfOneGrant_CreatesOneRole_AndAllSucceed()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });
        var providers = Enumerable.Range(0, 6).Select(_ => target.NewProvider()).ToList();
        try
        {
            // Warm each provider's data source up, so the racing calls really overlap.
            foreach (var provider in providers) await provider.ProvisionAsync(target.NewGrant(new Guardrails { Schemas = ["app"] }), CancellationToken.None);

            var accesses = await Task.WhenAll(providers.Select(p => p.ProvisionAsync(grant, CancellationToken.None)));

            Assert.Single(accesses.Distinct());
            Assert.Equal(1L, await target.ScalarAsync<long>("select count(*) from pg_roles where rolname = $1", accesses[0].Principal));
        }
        finally
        {
            foreach (var provider in providers) await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task MissingTable_FailsProvisioning_AndLeavesNoRole()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Tables = ["app.orders", "app.nope"] });

        var failure = await Assert.ThrowsAsync<AccessRefusedException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

        Assert.Contains("'app.nope'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("app.orders", failure.Message, StringComparison.Ordinal);
        Assert.False(await target.RoleExistsAsync(PostgresAccessProvider.RoleName(grant)));
    }

    [Fact]
    public async Task MissingSchema_FailsProvisioning_AndLeavesNoRole()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app", "nowhere"] });

        var failure = await Assert.ThrowsAsync<AccessRefusedException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

        Assert.Contains("'nowhere'", failure.Message, StringComparison.Ordinal);
        Assert.False(await target.RoleExistsAsync(PostgresAccessProvider.RoleName(grant)));
    }

    [Fact]
    public async Task ExpiredGrant_IsNotProvisioned()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });
        target.Time.Advance(TimeSpan.FromHours(2));

        await Assert.ThrowsAsync<AccessRefusedException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

        Assert.False(await target.RoleExistsAsync(PostgresAccessProvider.RoleName(grant)));
    }

    [Fact]
    public async Task UnknownConnection_IsAClearConfigurationError()
    {
        await using var target = await TestTarget.CreateAsync();
        var grant = target.NewGrant(Guardrails.None) with { Target = new PolicyTarget("BILLING_DB", null) };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

        Assert.Contains("ConnectionStrings:BILLING_DB", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TargetWithoutADatabase_UsesTheConnectionStringsDatabase_AndRecordsIt()
    {
        await using var target = await TestTarget.CreateAsync(Orders);
        var grant = target.NewGrant(new Guardrails { Tables = ["app.orders"] }) with { Target = new PolicyTarget(TestTarget.Connection, null) };

        var access = await target.Provider.ProvisionAsync(grant, CancellationToken.None);
        var credentials = await target.Provider.IssueCredentialsAsync(access, CancellationToken.None);

        Assert.Equal(target.Database, access.Database);
        await using var session = await ConnectAsync(credentials);
        Assert.Equal(1L, await ScalarAsync(session, "select count(*) from app.orders"));
    }

    private static Task<string> RoleStateAsync(TestTarget target, string role) =>
        target.ScalarAsync<string>(
            """
            select concat_ws('|', r.oid, r.rolconnlimit, r.rolvaliduntil, r.rolconfig::text, shobj_description(r.oid, 'pg_authid'),
                (select string_agg(c.relname || ':' || c.relacl::text, ',' order by c.relname) from pg_class c where c.relacl::text like '%' || r.rolname || '%'))
            from pg_roles r where r.rolname = $1
            """, role);
}
