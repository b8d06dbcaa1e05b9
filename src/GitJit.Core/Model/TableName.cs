namespace GitJit.Core.Model;

/// <summary>Schema-qualified table names, <c>schema.table</c>, as the schemas require them.</summary>
public static class TableName
{
    public static string SchemaOf(string qualified)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        var dot = qualified.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? "" : qualified[..dot];
    }
}
