namespace GitJit.Gateway.Sql.Judging;

/// <summary>One guardrail's check of a statement: every refusal it has, or none.</summary>
internal interface IStatementRule
{
    IEnumerable<Refusal> Check(ClassifiedStatement statement);
}
