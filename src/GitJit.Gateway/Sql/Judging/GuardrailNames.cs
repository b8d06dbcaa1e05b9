namespace GitJit.Gateway.Sql.Judging;

/// <summary>The names a refusal gives: the guardrails' YAML keys, and <see cref="Gateway"/> for what is always refused.</summary>
public static class GuardrailNames
{
    public const string BlockedStatements = "blockedStatements";
    public const string RequireWhere = "requireWhere";
    public const string DeniedTables = "deniedTables";
    public const string Tables = "tables";
    public const string Schemas = "schemas";
    public const string ReadOnly = "readOnly";
    public const string StatementTimeout = "statementTimeout";

    /// <summary>
    /// Refused whatever the guardrails say: statements the classifier does not know or cannot read (too large, NUL,
    /// syntax error), changing the session's identity or the settings the gateway relies on, server files and
    /// programs, and the other functions that reach outside the session.
    /// </summary>
    public const string Gateway = "gateway";
}
