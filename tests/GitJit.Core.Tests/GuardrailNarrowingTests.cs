using GitJit.Core.Model;

namespace GitJit.Core.Tests;

public sealed class GuardrailNarrowingTests
{
    private static readonly Guardrails Role = new()
    {
        Privileges = ["select", "update"],
        Schemas = ["public", "sales"],
        DeniedTables = ["public.customers_pii"],
        ReadOnly = true,
        StatementTimeout = TimeSpan.FromSeconds(30),
        MaxConnections = 2,
        BlockedStatements = ["drop"],
        RequireWhere = true,
    };

    [Fact]
    public void NoRequestedGuardrails_GivesTheRolesOwn()
    {
        var (effective, widenings) = GuardrailNarrowing.Narrow(Role, Guardrails.None);

        Assert.Empty(widenings);
        Assert.Equal(Role.Privileges, effective.Privileges);
        Assert.Equal(Role.Schemas, effective.Schemas);
        Assert.Equal(Role.DeniedTables, effective.DeniedTables);
        Assert.True(effective.ReadOnly);
        Assert.True(effective.RequireWhere);
        Assert.Equal(TimeSpan.FromSeconds(30), effective.StatementTimeout);
        Assert.Equal(2, effective.MaxConnections);
    }

    [Fact]
    public void NarrowerRequest_IsAcceptedAndWins()
    {
        var requested = new Guardrails
        {
            Privileges = ["select"],
            Schemas = ["sales"],
            Tables = ["sales.orders"],
            DeniedTables = ["sales.refunds"],
            StatementTimeout = TimeSpan.FromSeconds(5),
            MaxConnections = 1,
            BlockedStatements = ["copy"],
        };

        var (effective, widenings) = GuardrailNarrowing.Narrow(Role, requested);

        Assert.Empty(widenings);
        Assert.Equal(["select"], effective.Privileges!);
        Assert.Equal(["sales"], effective.Schemas!);
        Assert.Equal(["sales.orders"], effective.Tables!);
        Assert.Equal(["public.customers_pii", "sales.refunds"], effective.DeniedTables!);
        Assert.Equal(["drop", "copy"], effective.BlockedStatements!);
        Assert.Equal(TimeSpan.FromSeconds(5), effective.StatementTimeout);
        Assert.Equal(1, effective.MaxConnections);
    }

    [Fact]
    public void EveryWideningIsReported_NotJustTheFirst()
    {
        var requested = new Guardrails
        {
            Privileges = ["select", "delete"],
            Schemas = ["public", "secrets"],
            Tables = ["public.customers_pii", "billing.invoices"],
            ReadOnly = false,
            RequireWhere = false,
            StatementTimeout = TimeSpan.FromMinutes(5),
            MaxConnections = 10,
        };

        var (_, widenings) = GuardrailNarrowing.Narrow(Role, requested);

        Assert.Equal(
            ["privileges", "schemas", "tables", "tables", "readOnly", "requireWhere", "statementTimeout", "maxConnections"],
            widenings.Select(w => w.Field));
    }

    [Fact]
    public void RoleWithoutPrivileges_GrantsNone_AndRefusesAnyRequested()
    {
        var (effective, widenings) = GuardrailNarrowing.Narrow(new Guardrails(), new Guardrails { Privileges = ["select"] });

        Assert.Contains("allows none", Assert.Single(widenings).Message, StringComparison.Ordinal);
        Assert.Equal(["select"], effective.Privileges!);
    }

    [Fact]
    public void RoleWithoutLimits_LetsARequestAddThem()
    {
        var (effective, widenings) = GuardrailNarrowing.Narrow(
            new Guardrails { Privileges = ["select"] },
            new Guardrails { ReadOnly = true, StatementTimeout = TimeSpan.FromSeconds(1), MaxConnections = 1, RequireWhere = true });

        Assert.Empty(widenings);
        Assert.True(effective.ReadOnly);
        Assert.True(effective.RequireWhere);
        Assert.Equal(TimeSpan.FromSeconds(1), effective.StatementTimeout);
    }

    [Fact]
    public void TablesOutsideTheRolesListedTables_AreRefused()
    {
        var role = Role with { Tables = ["public.orders"] };

        var (_, widenings) = GuardrailNarrowing.Narrow(role, new Guardrails { Tables = ["public.orders", "public.order_items"] });

        Assert.Equal("tables", Assert.Single(widenings).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    public void Request_CannotTurnOffTheGateway_WhereTheRoleRequiresIt_ByDefaultOrBySayingSo(bool? roleGateway)
    {
        var role = new Guardrails { Privileges = ["select"], BlockedStatements = roleGateway is null ? ["drop"] : null, Gateway = roleGateway };

        var (effective, widenings) = GuardrailNarrowing.Narrow(role, new Guardrails { Gateway = false });

        var widening = Assert.Single(widenings);
        Assert.Equal("gateway", widening.Field);
        Assert.Contains("a request cannot turn it off", widening.Message, StringComparison.Ordinal);
        Assert.True(effective.Gateway);
        Assert.True(effective.RequiresGateway);
    }

    [Fact]
    public void Request_MayAskForTheGateway_WhereTheRoleDoesNotRequireIt()
    {
        var (effective, widenings) = GuardrailNarrowing.Narrow(new Guardrails { Privileges = ["select"], Gateway = false }, new Guardrails { Gateway = true });

        Assert.Empty(widenings);
        Assert.True(effective.Gateway);
    }

    [Fact]
    public void Request_AddingAStatementGuardrail_AsksForTheGateway()
    {
        var (effective, widenings) = GuardrailNarrowing.Narrow(new Guardrails { Privileges = ["select"] }, new Guardrails { RequireWhere = true });

        Assert.Empty(widenings);
        Assert.True(effective.Gateway);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(false, null, false)]
    [InlineData(null, false, false)]
    [InlineData(false, false, false)]
    public void Gateway_LeftOffByBothSides_StaysAsSaid(bool? roleGateway, bool? requestedGateway, bool? expected)
    {
        var (effective, widenings) = GuardrailNarrowing.Narrow(new Guardrails { Privileges = ["select"], Gateway = roleGateway }, new Guardrails { Gateway = requestedGateway });

        Assert.Empty(widenings);
        Assert.Equal(expected, effective.Gateway);
        Assert.False(effective.RequiresGateway);
    }
}
