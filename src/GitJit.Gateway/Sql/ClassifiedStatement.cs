namespace GitJit.Gateway.Sql;

/// <summary>
/// One statement of a query string, as the classifier read it from PostgreSQL's parse tree. Everything nested is
/// included — a CTE's DELETE, the statement inside EXPLAIN, PREPARE or CREATE TABLE AS, a subquery's tables — so
/// <see cref="Effects"/> is the statement's worst, not only its first keyword. No literal value of the statement is
/// kept.
/// </summary>
public sealed record ClassifiedStatement
{
    /// <summary>Its place in the query string, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>Where its text starts in the query string (UTF-16 index), up to the semicolon before it.</summary>
    public required int Start { get; init; }

    /// <summary>Its text's length (UTF-16), without the semicolon after it.</summary>
    public required int Length { get; init; }

    /// <summary>PostgreSQL's name for the statement's parse node: <c>SelectStmt</c>, <c>AlterRoleStmt</c>.</summary>
    public required string Node { get; init; }

    /// <summary>What the statement is, by its top node.</summary>
    public required StatementKind Kind { get; init; }

    /// <summary>
    /// Every kind it performs, <see cref="Kind"/> included, sorted: the kinds of nested statements, <c>select</c> when
    /// it reads a table, <c>create</c> for SELECT INTO, <c>lock</c> for FOR UPDATE and advisory locks, <c>set</c> for
    /// <c>set_config</c>, and MERGE's INSERT/UPDATE/DELETE actions.
    /// </summary>
    public required IReadOnlyList<StatementKind> Effects { get; init; }

    /// <summary>The tables it names, each once (a table both read and written is <see cref="TableAccess.Write"/>); CTE names are not tables.</summary>
    public required IReadOnlyList<TableReference> Tables { get; init; }

    /// <summary>UPDATEs and DELETEs without a WHERE clause.</summary>
    public required IReadOnlyList<UnboundedWrite> UnboundedWrites { get; init; }

    /// <summary>Settings it changes.</summary>
    public required IReadOnlyList<SettingChange> Settings { get; init; }

    /// <summary>Built-in functions it calls that the gateway watches, in call or attribute notation (<c>f(x)</c>, <c>(x).f</c>).</summary>
    public required IReadOnlyList<FunctionUse> Functions { get; init; }

    /// <summary>What its COPY does, when it is one.</summary>
    public CopyUse? Copy { get; init; }

    /// <summary>The prepared statement PREPARE makes, EXECUTE runs or DEALLOCATE drops (null for DEALLOCATE ALL).</summary>
    public string? PreparedName { get; init; }

    /// <summary>
    /// Runs code the classifier cannot read: DO, CALL, or CREATE FUNCTION/PROCEDURE with a body given as text (what it
    /// does happens when it is called). The judge refuses it wherever a statement-level guardrail applies.
    /// </summary>
    public bool RunsUnreadCode { get; init; }

    /// <summary>
    /// PREPARE TRANSACTION, COMMIT PREPARED or ROLLBACK PREPARED: two-phase commit, a transaction that outlives its
    /// session (and so the grant's revocation, which ends sessions). Always refused.
    /// </summary>
    public bool TwoPhaseCommit { get; init; }

    /// <summary>
    /// False for a plain EXPLAIN (it plans, runs nothing) and for PREPARE (it runs at EXECUTE). Informational: the
    /// judge judges both as if the statement inside ran.
    /// </summary>
    public bool Executes { get; init; } = true;

    /// <summary>Its own text in <paramref name="sql"/>, the query string it was read from, without the blanks around it.</summary>
    public string TextIn(string sql) => (Start == 0 && Length == sql.Length ? sql : sql.Substring(Start, Length)).Trim();
}
