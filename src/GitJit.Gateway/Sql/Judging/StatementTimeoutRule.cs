using GitJit.Core.Model;

namespace GitJit.Gateway.Sql.Judging;

/// <summary><c>statementTimeout</c>: the grant's <c>statement_timeout</c> is held; SET (LOCAL), RESET and <c>set_config</c> of it are refused, whatever the value.</summary>
internal sealed class StatementTimeoutRule(Guardrails guardrails) : IStatementRule
{
    public IEnumerable<Refusal> Check(ClassifiedStatement statement) => guardrails.StatementTimeout is null
        ? []
        : statement.Settings.Where(c => c.Name == "statement_timeout").Select(c => new Refusal(GuardrailNames.StatementTimeout,
            $"{SettingText.Describe(c)} is refused: this grant's statement timeout is held by the gateway"));
}
