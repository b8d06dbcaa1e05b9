namespace GitJit.Gateway.Sql;

/// <summary>Why a built-in function matters to the gateway.</summary>
public enum FunctionRisk
{
    /// <summary>Reads or writes files on the database server: <c>pg_read_file</c>, <c>pg_ls_dir</c>, <c>pg_stat_file</c>, adminpack's <c>pg_file_*</c>.</summary>
    ServerFiles,

    /// <summary>Large objects (<c>lo_*</c>, <c>loread</c>, <c>lowrite</c>): data outside any table, and server files through <c>lo_import</c>/<c>lo_export</c>.</summary>
    LargeObjects,

    /// <summary>Connects from the server to elsewhere: <c>dblink*</c>.</summary>
    RemoteConnections,

    /// <summary>Runs SQL given as text or reads tables named by a value, which the gateway cannot see: <c>query_to_xml</c>, <c>table_to_xml</c>, <c>ts_stat</c>.</summary>
    SqlFromText,

    /// <summary>Acts on the server or other sessions: <c>pg_terminate_backend</c>, <c>pg_reload_conf</c>, backups, WAL, statistics resets.</summary>
    ServerControl,

    /// <summary>Replication slots and logical decoding: every table's changes, outside any table guardrail.</summary>
    Replication,

    /// <summary><c>set_config</c>: see the statement's <see cref="ClassifiedStatement.Settings"/>.</summary>
    SetsSetting,

    /// <summary><c>nextval</c>, <c>setval</c>: a write, even inside a SELECT.</summary>
    WritesSequence,

    /// <summary><c>pg_advisory_*</c>, <c>pg_try_advisory_*</c>: a lock other sessions wait for.</summary>
    AdvisoryLock,
}

/// <summary>A call of a built-in function the gateway watches, by its name (any schema: the judge is conservative).</summary>
public sealed record FunctionUse(string Name, FunctionRisk Risk);
