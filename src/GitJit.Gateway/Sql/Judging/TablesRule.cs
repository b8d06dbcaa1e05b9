namespace GitJit.Gateway.Sql.Judging;

/// <summary><c>tables</c>: only the listed tables (see <see cref="GuardedTables"/> for unqualified names and PostgreSQL's catalogs).</summary>
internal sealed class TablesRule(GuardedTables tables) : IStatementRule
{
    public IEnumerable<Refusal> Check(ClassifiedStatement statement)
    {
        if (!tables.HasTables)
        {
            yield break;
        }
        foreach (var table in statement.Tables.Where(t => !GuardedTables.IsOwnOrSystem(t)))
        {
            if (table.Schema is { } schema)
            {
                if (!tables.IsAllowedTable(schema, table.Name))
                {
                    yield return Refused($"{table} is not one of this grant's tables");
                }
                continue;
            }
            var candidates = tables.Candidates(table.Name);
            if (candidates.Count == 0)
            {
                yield return Refused($"{table} is not one of this grant's tables");
            }
            foreach (var other in candidates.Where(c => !tables.IsAllowedTable(c.Schema, c.Name)))
            {
                yield return Refused($"{table} is not schema-qualified and may be {GuardedTables.Show(other)}, which is not one of this grant's tables (the search path decides)");
            }
        }
    }

    private static Refusal Refused(string message) => new(GuardrailNames.Tables, message);
}
