using GitJit.Gateway.Sql;

namespace GitJit.Gateway.Wire;

/// <summary>
/// A statement as a session remembers it, for its log event and for what EXECUTE or Bind later runs: its own text
/// (kept in memory only, never logged: only its normalized form leaves the session), its kind and its classification.
/// </summary>
internal sealed record StatementRecord(string Sql, StatementKind Kind, ClassifiedStatement? Statement)
{
    /// <summary>One statement of a query string: its own text, without the blanks around it.</summary>
    public static StatementRecord Of(string sql, ClassifiedStatement statement) =>
        new((statement.Start == 0 && statement.Length == sql.Length ? sql : sql.Substring(statement.Start, statement.Length)).Trim(), statement.Kind, statement);
}
