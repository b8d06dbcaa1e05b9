namespace GitJit.Gateway.Sql;

/// <summary>How a statement uses a table.</summary>
public enum TableAccess
{
    /// <summary>Only reads it (FROM, JOIN, USING, a subquery, COPY … TO).</summary>
    Read,

    /// <summary>
    /// Changes it or its definition: the target of INSERT, UPDATE, DELETE, MERGE, COPY … FROM, TRUNCATE, LOCK, VACUUM,
    /// GRANT, CREATE (the new table of CREATE TABLE, SELECT INTO, CREATE TABLE AS, a view), ALTER and DROP.
    /// </summary>
    Write,
}
