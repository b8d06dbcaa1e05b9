using System.Globalization;
using GitJit.Core.Model;

namespace GitJit.Postgres;

/// <summary>
/// A grant's guardrails as PostgreSQL will apply them, validated before anything touches the target: privilege names
/// from a closed list (they become SQL keywords, so nothing else may pass), schema-qualified tables, a connection limit
/// of 1 to 100 (default 2), a positive statement timeout in whole milliseconds.
/// </summary>
internal sealed record AccessPlan(
    IReadOnlyList<string> Privileges,
    IReadOnlyList<string> Schemas,
    IReadOnlyList<QualifiedTable>? Tables,
    IReadOnlyList<QualifiedTable> DeniedTables,
    int ConnectionLimit,
    int? StatementTimeoutMilliseconds,
    bool ReadOnly)
{
    public const int DefaultConnectionLimit = 2;

    /// <summary>Every table privilege PostgreSQL has, as its keyword.</summary>
    public static readonly IReadOnlyList<string> AllPrivileges = ["select", "insert", "update", "delete", "truncate", "references", "trigger"];

    /// <summary>The table privileges that also exist per column.</summary>
    public static readonly IReadOnlyList<string> ColumnPrivileges = ["select", "insert", "update", "references"];

    public static AccessPlan From(Guardrails guardrails)
    {
        ArgumentNullException.ThrowIfNull(guardrails);
        var privileges = (guardrails.Privileges ?? ["select"])
            .Select(p => AllPrivileges.FirstOrDefault(known => string.Equals(known, p, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"unknown table privilege '{p}' (known: {string.Join(", ", AllPrivileges)})", nameof(guardrails)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var limit = guardrails.MaxConnections ?? DefaultConnectionLimit;
        if (limit is < 1 or > 100) throw new ArgumentException($"maxConnections must be 1 to 100, not {limit}", nameof(guardrails));
        return new AccessPlan(
            privileges,
            [.. (guardrails.Schemas ?? []).Distinct(StringComparer.Ordinal)],
            guardrails.Tables?.Select(QualifiedTable.Parse).Distinct().ToList(),
            [.. (guardrails.DeniedTables ?? []).Select(QualifiedTable.Parse).Distinct()],
            limit,
            guardrails.StatementTimeout is { } timeout ? Milliseconds(timeout) : null,
            guardrails.ReadOnly == true);
    }

    /// <summary>The privileges a role may hold on a granted table beyond the plan's, as <c>has_table_privilege</c> takes them ("" for none).</summary>
    public string ExcessTablePrivileges => string.Join(',', AllPrivileges.Except(Privileges));

    /// <summary>The column privileges beyond the plan's ("" for none).</summary>
    public string ExcessColumnPrivileges => string.Join(',', ColumnPrivileges.Except(Privileges));

    private static int Milliseconds(TimeSpan timeout)
    {
        // 0 would switch the timeout off; PostgreSQL's setting is an int of milliseconds.
        if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"statementTimeout must be positive and at most {int.MaxValue} ms, not {timeout}"), nameof(timeout));
        }
        return (int)Math.Ceiling(timeout.TotalMilliseconds);
    }
}
