namespace GitJit.Postgres;

/// <summary>
/// A table as <c>schema.table</c> names it, split at the first dot (as <see cref="GitJit.Core.Model.TableName"/> does).
/// Both parts are exact PostgreSQL names — never folded, always quoted separately in SQL.
/// </summary>
internal readonly record struct QualifiedTable(string Schema, string Name)
{
    public static QualifiedTable Parse(string qualified)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        var dot = qualified.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == qualified.Length - 1)
        {
            throw new ArgumentException($"table '{qualified}' is not schema-qualified (schema.table)", nameof(qualified));
        }
        return new QualifiedTable(qualified[..dot], qualified[(dot + 1)..]);
    }

    public override string ToString() => $"{Schema}.{Name}";
}
