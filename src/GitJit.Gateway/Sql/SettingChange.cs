namespace GitJit.Gateway.Sql;

/// <summary>How a statement changes a setting.</summary>
public enum SettingAction
{
    /// <summary><c>SET name …</c>, <c>SET LOCAL</c>, <c>SET … TO DEFAULT</c>, and a SET inside CREATE/ALTER FUNCTION or ALTER ROLE/DATABASE/SYSTEM.</summary>
    Set,

    /// <summary><c>RESET name</c>.</summary>
    Reset,

    /// <summary><c>RESET ALL</c> or <c>DISCARD ALL</c>: every setting back to its default.</summary>
    ResetAll,

    /// <summary><c>set_config(name, …)</c>; the name is null when it is not a constant.</summary>
    SetConfig,

    /// <summary>
    /// A transaction made read-write: <c>BEGIN</c>/<c>START TRANSACTION READ WRITE</c>, <c>SET TRANSACTION READ WRITE</c>
    /// (<c>transaction_read_only</c>), <c>SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE</c>
    /// (<c>default_transaction_read_only</c>). READ ONLY is no change: it only narrows.
    /// </summary>
    TransactionReadWrite,
}

/// <summary>
/// A setting a statement changes. <see cref="Name"/> is in lower case (PostgreSQL's setting names ignore case); it is
/// null for <see cref="SettingAction.ResetAll"/> and for a <c>set_config</c> whose name is computed. The value is
/// never kept.
/// </summary>
public sealed record SettingChange(string? Name, SettingAction Action, bool Local = false);
