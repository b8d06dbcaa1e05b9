namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// The tables the target database has (<c>schema.table</c>, exact names), as the gateway may read them from
/// <c>pg_class</c>: it tells the judge which schemas an unqualified name could mean. Without one, the judge knows only
/// the names the guardrails list.
/// </summary>
public sealed class TableCatalog
{
    private readonly ILookup<string, string> schemasByName;

    public TableCatalog(IEnumerable<(string Schema, string Name)> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        schemasByName = tables.Distinct().ToLookup(t => t.Name, t => t.Schema, StringComparer.Ordinal);
    }

    /// <summary>The schemas that have a table of this name.</summary>
    public IEnumerable<string> SchemasOf(string name) => schemasByName[name];
}
