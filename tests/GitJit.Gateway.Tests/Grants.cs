using GitJit.Core.Model;
using GitJit.Gateway.Sql.Judging;

namespace GitJit.Gateway.Tests;

/// <summary>Guardrails as this repository's example policies give them, with the tables their targets have.</summary>
internal static class Grants
{
    /// <summary>orders-db's read-only role (policies/orders-db.yaml).</summary>
    public static readonly Guardrails OrdersReadOnly = new()
    {
        Privileges = ["select"],
        Schemas = ["public"],
        DeniedTables = ["public.customers_pii"],
        ReadOnly = true,
        StatementTimeout = TimeSpan.FromSeconds(30),
        MaxConnections = 2,
        BlockedStatements = ["drop", "truncate", "alter", "grant", "revoke", "copy"],
    };

    /// <summary>analytics-db's maintainer role (policies/analytics-db.yaml).</summary>
    public static readonly Guardrails AnalyticsMaintainer = new()
    {
        Privileges = ["select", "insert", "update", "delete"],
        Schemas = ["marts"],
        StatementTimeout = TimeSpan.FromMinutes(15),
        MaxConnections = 2,
        BlockedStatements = ["drop", "truncate", "grant", "revoke"],
        RequireWhere = true,
    };

    /// <summary>A request narrowed to two tables.</summary>
    public static readonly Guardrails TwoTables = new()
    {
        Tables = ["public.orders", "public.order_items"],
        DeniedTables = ["public.customers_pii"],
    };

    public static readonly TableCatalog OrdersCatalog = new([("public", "orders"), ("public", "order_items"), ("public", "customers_pii")]);

    public static readonly TableCatalog AnalyticsCatalog = new([("marts", "sales"), ("marts", "customers"), ("reporting", "daily")]);

    public static GuardrailJudge Judge(string grant) => grant switch
    {
        "orders-read-only" => new GuardrailJudge(OrdersReadOnly, OrdersCatalog),
        "analytics-maintainer" => new GuardrailJudge(AnalyticsMaintainer, AnalyticsCatalog),
        "two-tables" => new GuardrailJudge(TwoTables),
        "none" => new GuardrailJudge(Guardrails.None),
        _ => throw new ArgumentOutOfRangeException(nameof(grant), grant, "no such grant in the tests"),
    };
}
