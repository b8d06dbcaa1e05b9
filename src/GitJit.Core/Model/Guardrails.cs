using System.Text.Json.Serialization;

namespace GitJit.Core.Model;

/// <summary>
/// Limits on what a grant may do. In a policy role they are the ceiling; in a request they may only narrow it.
/// A null member means "not said": no limit from this side. Tables are schema-qualified (<c>schema.table</c>),
/// identifiers are compared exactly (PostgreSQL folds unquoted names, GitJit never does).
/// </summary>
public sealed record Guardrails
{
    public static Guardrails None { get; } = new();

    /// <summary>Table privileges granted (select, insert, update, delete, truncate, references, trigger).</summary>
    public IReadOnlyList<string>? Privileges { get; init; }

    /// <summary>Schemas whose tables may be used.</summary>
    public IReadOnlyList<string>? Schemas { get; init; }

    /// <summary>Only these tables may be used.</summary>
    public IReadOnlyList<string>? Tables { get; init; }

    /// <summary>Tables never readable or writable; always wins over <see cref="Tables"/> and <see cref="Schemas"/>.</summary>
    public IReadOnlyList<string>? DeniedTables { get; init; }

    /// <summary>Every transaction is read-only.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary>Longest a single statement may run.</summary>
    public TimeSpan? StatementTimeout { get; init; }

    /// <summary>Concurrent sessions allowed, 1 to 100.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Statement kinds the guarded gateway refuses.</summary>
    public IReadOnlyList<string>? BlockedStatements { get; init; }

    /// <summary>UPDATE and DELETE must carry a WHERE clause.</summary>
    public bool? RequireWhere { get; init; }

    /// <summary>
    /// Whether sessions must go through the guarded gateway: then the requester is only ever given the gateway's address
    /// and a gateway credential, never the role's own password. Null means "not said" (see <see cref="RequiresGateway"/>).
    /// </summary>
    public bool? Gateway { get; init; }

    /// <summary>
    /// Whether the grant's sessions go through the gateway: as <see cref="Gateway"/> says, and by default whenever a
    /// guardrail only the gateway can enforce is set (<see cref="BlockedStatements"/>, <see cref="RequireWhere"/>).
    /// Computed, so never written to a record: a record carries <see cref="Gateway"/> only.
    /// </summary>
    [JsonIgnore]
    public bool RequiresGateway => Gateway ?? HasStatementGuardrails;

    /// <summary>Whether a guardrail that only the gateway can enforce (it judges statements, not privileges) is set.</summary>
    [JsonIgnore]
    public bool HasStatementGuardrails => BlockedStatements is { Count: > 0 } || RequireWhere == true;
}
