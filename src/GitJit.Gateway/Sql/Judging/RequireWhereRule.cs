using GitJit.Core.Model;

namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// <c>requireWhere</c>: every UPDATE and DELETE, wherever it is in the statement, needs a WHERE clause. Any WHERE
/// counts: <c>WHERE true</c> is how to say "every row" on purpose.
/// </summary>
internal sealed class RequireWhereRule(Guardrails guardrails) : IStatementRule
{
    public IEnumerable<Refusal> Check(ClassifiedStatement statement) => guardrails.RequireWhere == true
        ? statement.UnboundedWrites.Select(w => new Refusal(GuardrailNames.RequireWhere,
            $"{w.Kind.Keyword()} on {w.Table} has no WHERE clause; this grant requires one (WHERE true, if every row is meant)"))
        : [];
}
