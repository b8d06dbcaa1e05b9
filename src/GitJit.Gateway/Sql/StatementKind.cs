namespace GitJit.Gateway.Sql;

/// <summary>
/// What a statement does. The first eighteen are the policy's <c>blockedStatements</c> vocabulary (the same words in
/// lower case, see <see cref="StatementKinds"/>); the rest name statements a policy cannot block by kind.
/// </summary>
public enum StatementKind
{
    Select,
    Insert,
    Update,
    Delete,
    Merge,
    Truncate,
    Drop,
    Alter,
    Create,
    Grant,
    Revoke,
    Copy,
    /// <summary>VACUUM and ANALYZE, and the other maintenance that rewrites a table: CLUSTER, REINDEX.</summary>
    Vacuum,
    /// <summary>LOCK TABLE, SELECT … FOR UPDATE/SHARE, advisory locks.</summary>
    Lock,
    Call,
    Do,
    /// <summary>EXECUTE of a prepared statement (see <see cref="ClassifiedStatement.PreparedName"/>).</summary>
    Execute,
    /// <summary>SET and RESET of a setting, SET TRANSACTION, SET CONSTRAINTS, <c>set_config(…)</c>.</summary>
    Set,
    Show,
    Explain,
    Prepare,
    /// <summary>BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT and the like.</summary>
    Transaction,
    /// <summary>A statement that changes nothing a guardrail speaks of: DECLARE, FETCH, CLOSE, LISTEN, NOTIFY, DISCARD, DEALLOCATE, LOAD, CHECKPOINT.</summary>
    Other,
    /// <summary>A statement the classifier does not know. Always refused.</summary>
    Unknown,
}
