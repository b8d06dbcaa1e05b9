using GitJit.Core.Model;

namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// Judges classified statements against a grant's guardrails: a verdict per statement, allowed or refused with every
/// guardrail that refuses it. Conservative where the text cannot tell (an unqualified table name, code in a DO
/// block): PostgreSQL's privileges stay the second wall behind it.
/// </summary>
/// <remarks>
/// EXPLAIN is judged as the statement it explains, ANALYZE or not: a plain EXPLAIN runs nothing, but telling the two
/// apart is one more thing to get wrong, and refusing to plan what may not run costs little. PREPARE is judged by the
/// statement it prepares; EXECUTE only as <c>execute</c> here (the session maps it to what was prepared).
/// </remarks>
public sealed class GuardrailJudge
{
    private readonly IReadOnlyList<IStatementRule> rules;

    /// <param name="guardrails">The grant's guardrails.</param>
    /// <param name="catalog">The target's tables, when known: it narrows what an unqualified table name could be.</param>
    public GuardrailJudge(Guardrails guardrails, TableCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(guardrails);
        var tables = new GuardedTables(guardrails, catalog);
        rules =
        [
            new GatewayRule(),
            new BlockedStatementsRule(guardrails),
            new RequireWhereRule(guardrails),
            new DeniedTablesRule(tables),
            new TablesRule(tables),
            new SchemasRule(tables),
            new ReadOnlyRule(guardrails),
            new StatementTimeoutRule(guardrails),
            new UnreadCodeRule(guardrails),
        ];
    }

    /// <summary>Every statement of a query string; a string that could not be read is refused (<see cref="GuardrailNames.Gateway"/>).</summary>
    public Verdict Judge(Classification classification)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return classification.Problem is { } problem
            ? new Verdict([], new Refusal(GuardrailNames.Gateway, problem.Message))
            : new Verdict([.. classification.Statements.Select(Judge)]);
    }

    /// <summary>One statement.</summary>
    public StatementVerdict Judge(ClassifiedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new StatementVerdict(statement.Index, [.. rules.SelectMany(r => r.Check(statement)).Distinct()]);
    }
}
