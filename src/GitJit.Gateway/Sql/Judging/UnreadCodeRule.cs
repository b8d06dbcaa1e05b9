using GitJit.Core.Model;

namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// Code the gateway cannot read — DO, CALL, CREATE FUNCTION/PROCEDURE with a body as text — could change
/// <c>statement_timeout</c>, UPDATE or DELETE without WHERE, or run a blocked statement; so it is refused under
/// <c>statementTimeout</c>, <c>requireWhere</c> and <c>blockedStatements</c> (and, as a write, under <c>readOnly</c>).
/// What it reads stays behind the role's privileges.
/// </summary>
internal sealed class UnreadCodeRule(Guardrails guardrails) : IStatementRule
{
    public IEnumerable<Refusal> Check(ClassifiedStatement statement)
    {
        if (!statement.RunsUnreadCode)
        {
            yield break;
        }
        var what = statement.Kind switch
        {
            StatementKind.Do => "DO",
            StatementKind.Call => "CALL",
            _ => "a function or procedure whose body is text",
        };
        if (guardrails.StatementTimeout is not null)
        {
            yield return Refused(GuardrailNames.StatementTimeout, what, "change statement_timeout");
        }
        if (guardrails.RequireWhere == true)
        {
            yield return Refused(GuardrailNames.RequireWhere, what, "UPDATE or DELETE without a WHERE clause");
        }
        if (guardrails.BlockedStatements is { Count: > 0 })
        {
            yield return Refused(GuardrailNames.BlockedStatements, what, "run a blocked statement");
        }
    }

    private static Refusal Refused(string guardrail, string what, string could) =>
        new(guardrail, $"{what} runs code the gateway cannot read, which could {could}");
}
