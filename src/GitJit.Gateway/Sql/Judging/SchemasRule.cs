namespace GitJit.Gateway.Sql.Judging;

/// <summary><c>schemas</c>: only tables in the listed schemas (see <see cref="GuardedTables"/> for unqualified names and PostgreSQL's catalogs).</summary>
internal sealed class SchemasRule(GuardedTables tables) : IStatementRule
{
    public IEnumerable<Refusal> Check(ClassifiedStatement statement)
    {
        if (!tables.HasSchemas)
        {
            yield break;
        }
        foreach (var table in statement.Tables.Where(t => !GuardedTables.IsOwnOrSystem(t)))
        {
            if (table.Schema is { } schema)
            {
                if (!tables.IsAllowedSchema(schema))
                {
                    yield return Refused($"{table} is in schema {SqlNames.Quote(schema)}, which is not one of this grant's schemas");
                }
                continue;
            }
            var candidates = tables.Candidates(table.Name);
            if (candidates.Count == 0)
            {
                yield return Refused($"{table} is not schema-qualified, and the gateway cannot tell which schema the search path finds it in; name it with its schema");
            }
            foreach (var other in candidates.Where(c => !tables.IsAllowedSchema(c.Schema)))
            {
                yield return Refused($"{table} is not schema-qualified and may be {GuardedTables.Show(other)}, in a schema that is not one of this grant's (the search path decides)");
            }
        }
    }

    private static Refusal Refused(string message) => new(GuardrailNames.Schemas, message);
}
