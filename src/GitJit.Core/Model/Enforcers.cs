namespace GitJit.Core.Model;

/// <summary>What makes a guardrail hold during a session (see <see cref="GuardrailEnforcement"/>).</summary>
[Flags]
public enum Enforcers
{
    /// <summary>Nothing: the guardrail is a promise no part of GitJit keeps.</summary>
    None = 0,

    /// <summary>PostgreSQL privileges: grants on the allowed schemas and tables, none on denied tables or what reads their rows.</summary>
    Privileges = 1,

    /// <summary>The role's own settings and limit: <c>default_transaction_read_only</c>, <c>statement_timeout</c>, <c>CONNECTION LIMIT</c>.</summary>
    RoleSettings = 2,

    /// <summary>The guarded gateway, which judges every statement of a session before it reaches PostgreSQL.</summary>
    Gateway = 4,
}
