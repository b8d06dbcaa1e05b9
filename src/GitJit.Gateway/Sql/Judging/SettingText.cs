namespace GitJit.Gateway.Sql.Judging;

/// <summary>A setting change as SQL a person would recognise; only the setting's name, never its value.</summary>
internal static class SettingText
{
    public static string Describe(SettingChange change) => change.Action switch
    {
        SettingAction.Reset => $"RESET {change.Name}",
        SettingAction.ResetAll => "RESET ALL",
        SettingAction.SetConfig => $"set_config of {change.Name ?? "a computed name"}",
        SettingAction.TransactionReadWrite when change.Name == "default_transaction_read_only" => "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        SettingAction.TransactionReadWrite => "READ WRITE (BEGIN, START TRANSACTION or SET TRANSACTION)",
        _ => change.Local ? $"SET LOCAL {change.Name}" : $"SET {change.Name}",
    };
}
