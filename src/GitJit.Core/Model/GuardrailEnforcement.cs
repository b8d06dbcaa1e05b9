namespace GitJit.Core.Model;

/// <summary>
/// What enforces each guardrail, in one place, as the PostgreSQL provider (the only one) and the gateway do it:
/// <list type="bullet">
/// <item><c>privileges</c>, <c>schemas</c>, <c>tables</c>, <c>deniedTables</c>: PostgreSQL privileges, granted at
/// provisioning; the gateway judges the last three again per statement.</item>
/// <item><c>readOnly</c>, <c>statementTimeout</c>: role settings (<c>default_transaction_read_only</c>,
/// <c>statement_timeout</c>). Only defaults a session could change by itself: the gateway holds them (it refuses
/// changing them, and refuses writes under <c>readOnly</c>).</item>
/// <item><c>maxConnections</c>: the role's <c>CONNECTION LIMIT</c>.</item>
/// <item><c>blockedStatements</c>, <c>requireWhere</c>: the gateway alone; without it, nothing.</item>
/// </list>
/// Guardrails are named by their YAML keys.
/// </summary>
public static class GuardrailEnforcement
{
    /// <summary>Every guardrail, in the order plans list them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["privileges", "schemas", "tables", "deniedTables", "readOnly", "statementTimeout", "maxConnections", "blockedStatements", "requireWhere"];

    /// <summary>What enforces <paramref name="guardrail"/> when the grant's sessions go through the gateway or not.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is not a guardrail's.</exception>
    public static Enforcers Of(string guardrail, bool gateway)
    {
        var judged = gateway ? Enforcers.Gateway : Enforcers.None;
        return guardrail switch
        {
            "privileges" => Enforcers.Privileges,
            "schemas" or "tables" or "deniedTables" => Enforcers.Privileges | judged,
            "readOnly" or "statementTimeout" => Enforcers.RoleSettings | judged,
            "maxConnections" => Enforcers.RoleSettings,
            "blockedStatements" or "requireWhere" => judged,
            _ => throw new ArgumentOutOfRangeException(nameof(guardrail), guardrail, "not a guardrail"),
        };
    }

    /// <summary>The guardrails <paramref name="guardrails"/> sets that nothing would enforce: statement-level ones without the gateway.</summary>
    public static IReadOnlyList<string> Unenforced(Guardrails guardrails)
    {
        ArgumentNullException.ThrowIfNull(guardrails);
        var set = new List<string>();
        if (guardrails.BlockedStatements is { Count: > 0 }) set.Add("blockedStatements");
        if (guardrails.RequireWhere == true) set.Add("requireWhere");
        return [.. set.Where(key => Of(key, guardrails.RequiresGateway) == Enforcers.None)];
    }

    /// <summary>
    /// What enforces <paramref name="guardrail"/>, for a plan or a page, as plain text: "enforced by …", or "NOT
    /// enforced: …" when nothing does.
    /// </summary>
    public static string Describe(string guardrail, bool gateway)
    {
        var by = Of(guardrail, gateway);
        return guardrail switch
        {
            _ when by == Enforcers.None => "NOT enforced: sessions do not go through the gateway, and nothing else can",
            "readOnly" => Setting("default_transaction_read_only", gateway),
            "statementTimeout" => Setting("statement_timeout", gateway),
            "maxConnections" => "enforced by the role's connection limit",
            _ when by == Enforcers.Gateway => "enforced by the gateway",
            _ when by.HasFlag(Enforcers.Gateway) => "enforced by PostgreSQL privileges, and by the gateway per statement",
            _ => "enforced by PostgreSQL privileges",
        };
    }

    private static string Setting(string name, bool gateway) => gateway
        ? $"enforced by the role setting {name}, held by the gateway"
        : $"enforced by the role setting {name}, only as a default: without the gateway a session can change it";
}
