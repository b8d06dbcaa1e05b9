using System.Collections.Frozen;

namespace GitJit.Gateway.Sql.Reading;

/// <summary>
/// The built-in functions the gateway watches (PostgreSQL 15 and its contrib modules), by name in any schema.
/// Families are matched by prefix too, so later additions (<c>pg_ls_*dir</c>, <c>lo_*</c>, <c>dblink_*</c>) are caught.
/// </summary>
internal static class WatchedFunctions
{
    private static readonly FrozenDictionary<string, FunctionRisk> ByName = new Dictionary<string, FunctionRisk>
    {
        ["pg_stat_file"] = FunctionRisk.ServerFiles,
        ["pg_current_logfile"] = FunctionRisk.ServerFiles,
        ["pg_logdir_ls"] = FunctionRisk.ServerFiles,
        ["loread"] = FunctionRisk.LargeObjects,
        ["lowrite"] = FunctionRisk.LargeObjects,
        ["query_to_xml"] = FunctionRisk.SqlFromText,
        ["query_to_xmlschema"] = FunctionRisk.SqlFromText,
        ["query_to_xml_and_xmlschema"] = FunctionRisk.SqlFromText,
        ["cursor_to_xml"] = FunctionRisk.SqlFromText,
        ["cursor_to_xmlschema"] = FunctionRisk.SqlFromText,
        ["table_to_xml"] = FunctionRisk.SqlFromText,
        ["table_to_xmlschema"] = FunctionRisk.SqlFromText,
        ["table_to_xml_and_xmlschema"] = FunctionRisk.SqlFromText,
        ["schema_to_xml"] = FunctionRisk.SqlFromText,
        ["schema_to_xmlschema"] = FunctionRisk.SqlFromText,
        ["schema_to_xml_and_xmlschema"] = FunctionRisk.SqlFromText,
        ["database_to_xml"] = FunctionRisk.SqlFromText,
        ["database_to_xmlschema"] = FunctionRisk.SqlFromText,
        ["database_to_xml_and_xmlschema"] = FunctionRisk.SqlFromText,
        ["ts_stat"] = FunctionRisk.SqlFromText,
        ["ts_rewrite"] = FunctionRisk.SqlFromText,
        ["pg_terminate_backend"] = FunctionRisk.ServerControl,
        ["pg_cancel_backend"] = FunctionRisk.ServerControl,
        ["pg_reload_conf"] = FunctionRisk.ServerControl,
        ["pg_rotate_logfile"] = FunctionRisk.ServerControl,
        ["pg_promote"] = FunctionRisk.ServerControl,
        ["pg_switch_wal"] = FunctionRisk.ServerControl,
        ["pg_create_restore_point"] = FunctionRisk.ServerControl,
        ["pg_backup_start"] = FunctionRisk.ServerControl,
        ["pg_backup_stop"] = FunctionRisk.ServerControl,
        ["pg_start_backup"] = FunctionRisk.ServerControl,
        ["pg_stop_backup"] = FunctionRisk.ServerControl,
        ["pg_wal_replay_pause"] = FunctionRisk.ServerControl,
        ["pg_wal_replay_resume"] = FunctionRisk.ServerControl,
        ["pg_log_backend_memory_contexts"] = FunctionRisk.ServerControl,
        ["pg_import_system_collations"] = FunctionRisk.ServerControl,
        ["pg_create_physical_replication_slot"] = FunctionRisk.Replication,
        ["pg_create_logical_replication_slot"] = FunctionRisk.Replication,
        ["pg_drop_replication_slot"] = FunctionRisk.Replication,
        ["pg_copy_physical_replication_slot"] = FunctionRisk.Replication,
        ["pg_copy_logical_replication_slot"] = FunctionRisk.Replication,
        ["set_config"] = FunctionRisk.SetsSetting,
        ["nextval"] = FunctionRisk.WritesSequence,
        ["setval"] = FunctionRisk.WritesSequence,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly (string Prefix, FunctionRisk Risk)[] Families =
    [
        ("pg_read_", FunctionRisk.ServerFiles),
        ("pg_ls_", FunctionRisk.ServerFiles),
        ("pg_file_", FunctionRisk.ServerFiles),
        ("lo_", FunctionRisk.LargeObjects),
        ("dblink", FunctionRisk.RemoteConnections),
        ("pg_logical_", FunctionRisk.Replication),
        ("pg_replication_", FunctionRisk.Replication),
        ("pg_stat_reset", FunctionRisk.ServerControl),
        ("pg_advisory_", FunctionRisk.AdvisoryLock),
        ("pg_try_advisory_", FunctionRisk.AdvisoryLock),
    ];

    /// <summary>Why the function matters, or null when it does not.</summary>
    public static FunctionRisk? RiskOf(string name)
    {
        if (ByName.TryGetValue(name, out var risk))
        {
            return risk;
        }
        foreach (var (prefix, familyRisk) in Families)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return familyRisk;
            }
        }
        return null;
    }
}
