namespace GitJit.Gateway.Sql.Judging;

/// <summary><c>deniedTables</c>: never read nor written, whatever <c>tables</c> and <c>schemas</c> allow; an unqualified name is denied when any denied table has it.</summary>
internal sealed class DeniedTablesRule(GuardedTables tables) : IStatementRule
{
    public IEnumerable<Refusal> Check(ClassifiedStatement statement)
    {
        foreach (var table in statement.Tables)
        {
            if (table.Schema is { } schema)
            {
                if (tables.IsDenied(schema, table.Name))
                {
                    yield return new Refusal(GuardrailNames.DeniedTables, $"{table} is a denied table for this grant");
                }
                continue;
            }
            foreach (var denied in tables.DeniedNamed(table.Name))
            {
                yield return new Refusal(GuardrailNames.DeniedTables,
                    $"{table} is not schema-qualified and may be {GuardedTables.Show(denied)}, a denied table for this grant (the search path decides)");
            }
        }
    }
}
