using System.Collections.Frozen;

namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// What is refused whatever the guardrails say: statements the classifier does not know; changing roles or the
/// server's or database's settings; who the session is, and the settings the gateway's reading depends on; server
/// files and programs; the functions that reach outside the session; transactions that outlive it.
/// </summary>
internal sealed class GatewayRule : IStatementRule
{
    private static readonly FrozenDictionary<string, string> Nodes = new Dictionary<string, string>
    {
        ["CreateRoleStmt"] = "CREATE ROLE is refused: roles are GitJit's to manage",
        ["AlterRoleStmt"] = "ALTER ROLE is refused: roles are GitJit's to manage",
        ["AlterRoleSetStmt"] = "ALTER ROLE … SET is refused: it changes the settings of the role's later sessions",
        ["DropRoleStmt"] = "DROP ROLE is refused: roles are GitJit's to manage",
        ["GrantRoleStmt"] = "granting or revoking role membership is refused: roles are GitJit's to manage",
        ["AlterDatabaseSetStmt"] = "ALTER DATABASE … SET is refused: it changes the settings of later sessions",
        ["AlterSystemStmt"] = "ALTER SYSTEM is refused: it changes the server's configuration",
        ["LoadStmt"] = "LOAD is refused: it loads a shared library into the server process",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["role"] = "it changes who the session acts as",
        ["session_authorization"] = "it changes who the session acts as",
        ["standard_conforming_strings"] = "the gateway reads statements as PostgreSQL does with it on, so it stays on",
        ["client_encoding"] = "the gateway reads statements as UTF-8, so the session's encoding stays UTF8",
        ["idle_in_transaction_session_timeout"] = "GitJit sets it for every grant",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public IEnumerable<Refusal> Check(ClassifiedStatement statement)
    {
        if (statement.Kind == StatementKind.Unknown)
        {
            var node = statement.Node.Length > 0 ? statement.Node : "this";
            yield return Refused($"{node} is a statement the gateway does not know, so it is refused");
        }
        if (Nodes.TryGetValue(statement.Node, out var message))
        {
            yield return Refused(message);
        }
        if (statement.TwoPhaseCommit)
        {
            yield return Refused("two-phase commit (PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED) is refused: a prepared transaction outlives its session");
        }
        if (statement.Copy is { Endpoint: CopyEndpoint.Program })
        {
            yield return Refused("COPY … PROGRAM is refused: it runs a program on the database server");
        }
        else if (statement.Copy is { Endpoint: CopyEndpoint.ServerFile })
        {
            yield return Refused("COPY with a file name is refused: it reads or writes a file on the database server; use STDIN or STDOUT (psql's \\copy)");
        }
        foreach (var function in statement.Functions)
        {
            if (Danger(function.Risk) is { } danger)
            {
                yield return Refused($"{function.Name} is refused: it {danger}");
            }
        }
        foreach (var change in statement.Settings)
        {
            if (change.Action == SettingAction.ResetAll)
            {
                yield return Refused("RESET ALL and DISCARD ALL are refused: they reset the settings the gateway holds");
            }
            else if (change is { Action: SettingAction.SetConfig, Name: null })
            {
                yield return Refused("set_config is refused when the setting's name is not a constant: the gateway cannot tell which setting it changes");
            }
            else if (change.Name is { } name && Settings.TryGetValue(name, out var why))
            {
                yield return Refused($"{SettingText.Describe(change)} is refused: {why}");
            }
        }
    }

    private static string? Danger(FunctionRisk risk) => risk switch
    {
        FunctionRisk.ServerFiles => "reads or writes files on the database server",
        FunctionRisk.LargeObjects => "works on large objects, data outside any table (and server files)",
        FunctionRisk.RemoteConnections => "opens connections from the database server",
        FunctionRisk.SqlFromText => "runs SQL or reads tables the gateway cannot see",
        FunctionRisk.ServerControl => "acts on the server or on other sessions",
        FunctionRisk.Replication => "reads or changes replication, which carries every table's changes",
        _ => null,
    };

    private static Refusal Refused(string message) => new(GuardrailNames.Gateway, message);
}
