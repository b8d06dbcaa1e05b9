namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// Why a statement is refused: the guardrail (<see cref="GuardrailNames"/>) and a message for a person that names the
/// statement kind, table, setting or function concerned, never a literal value from the query.
/// </summary>
public sealed record Refusal(string Guardrail, string Message);
