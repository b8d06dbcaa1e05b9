using GitJit.Core.Model;

namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// <c>blockedStatements</c>: a statement is refused for every blocked kind among its effects, so a DELETE inside a
/// CTE, EXPLAIN ANALYZE or PREPARE is a DELETE, SELECT INTO is a CREATE, and reading a table is a SELECT.
/// </summary>
internal sealed class BlockedStatementsRule(Guardrails guardrails) : IStatementRule
{
    private readonly HashSet<StatementKind> blocked =
        [.. (guardrails.BlockedStatements ?? []).Select(w => StatementKinds.TryParse(w, out var kind) ? kind : (StatementKind?)null).OfType<StatementKind>()];

    public IEnumerable<Refusal> Check(ClassifiedStatement statement) =>
        statement.Effects.Where(blocked.Contains).Select(kind => new Refusal(GuardrailNames.BlockedStatements,
            kind == statement.Kind
                ? $"{kind.Keyword()} statements are blocked for this grant"
                : $"this {statement.Kind.Keyword()} does a {kind.Keyword()}, and {kind.Keyword()} statements are blocked for this grant"));
}
