using GitJit.Core.Model;

namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// What the guardrails say about tables, and how a table a statement names is matched against them. Names compare
/// exactly: the parser has already folded unquoted names, and the guardrails are PostgreSQL's exact names.
/// </summary>
/// <remarks>
/// An unqualified name may be any schema's table on the search path, so it is resolved conservatively: it is a denied
/// table when any denied table has that name; for <c>tables</c> and <c>schemas</c> it is allowed only when every table
/// it could be (the listed tables of that name, and the catalog's when there is one) is allowed, and there is at least
/// one. Reading PostgreSQL's own catalogs (<c>pg_catalog</c>, <c>information_schema</c>, and unqualified
/// <c>pg_*</c> names, which <c>pg_catalog</c> answers first) and anything in the session's own <c>pg_temp</c> is
/// outside <c>tables</c> and <c>schemas</c>, as it is for the role's privileges; never outside <c>deniedTables</c>.
/// </remarks>
internal sealed class GuardedTables
{
    private readonly HashSet<(string Schema, string Name)> denied;
    private readonly HashSet<(string Schema, string Name)>? allowed;
    private readonly HashSet<string>? schemas;
    private readonly TableCatalog? catalog;

    public GuardedTables(Guardrails guardrails, TableCatalog? catalog)
    {
        denied = [.. (guardrails.DeniedTables ?? []).Select(Split)];
        allowed = guardrails.Tables is { } tables ? [.. tables.Select(Split)] : null;
        schemas = guardrails.Schemas is { } names ? new HashSet<string>(names, StringComparer.Ordinal) : null;
        this.catalog = catalog;
    }

    public bool HasTables => allowed is not null;

    public bool HasSchemas => schemas is not null;

    public bool IsDenied(string schema, string name) => denied.Contains((schema, name));

    public IEnumerable<(string Schema, string Name)> DeniedNamed(string name) => denied.Where(d => d.Name == name);

    public bool IsAllowedTable(string schema, string name) => allowed is null || allowed.Contains((schema, name));

    public bool IsAllowedSchema(string schema) => schemas is null || schemas.Contains(schema);

    /// <summary>The tables an unqualified name could be: the listed ones of that name, and the catalog's.</summary>
    public IReadOnlyList<(string Schema, string Name)> Candidates(string name) =>
        [.. (allowed ?? []).Where(t => t.Name == name).Concat((catalog?.SchemasOf(name) ?? []).Select(s => (s, name))).Distinct()];

    /// <summary>PostgreSQL's catalogs read, or the session's temporary tables: outside <c>tables</c> and <c>schemas</c>.</summary>
    public static bool IsOwnOrSystem(TableReference table) => table.Schema switch
    {
        "pg_temp" => true,
        "pg_catalog" or "information_schema" => table.Access == TableAccess.Read,
        null => table.Access == TableAccess.Read && table.Name.StartsWith("pg_", StringComparison.Ordinal),
        _ => false,
    };

    public static string Show((string Schema, string Name) table) => new TableReference(table.Schema, table.Name, TableAccess.Read).ToString();

    private static (string Schema, string Name) Split(string qualified)
    {
        var schema = TableName.SchemaOf(qualified);
        return (schema, schema.Length == 0 ? qualified : qualified[(schema.Length + 1)..]);
    }
}
