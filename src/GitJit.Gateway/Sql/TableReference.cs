namespace GitJit.Gateway.Sql;

/// <summary>
/// A table as the statement names it, after PostgreSQL's parser: unquoted names folded to lower case, quoted ones
/// exact. <see cref="Schema"/> is null when the statement does not say (the search path decides which table it is);
/// a new temporary table is in <c>pg_temp</c>. A database name before the schema is dropped (PostgreSQL refuses any
/// but the current database).
/// </summary>
public sealed record TableReference(string? Schema, string Name, TableAccess Access)
{
    /// <summary><c>schema.name</c>, or <c>name</c>; each part quoted as PostgreSQL would need it.</summary>
    public override string ToString() =>
        Schema is null ? SqlNames.Quote(Name) : $"{SqlNames.Quote(Schema)}.{SqlNames.Quote(Name)}";
}
