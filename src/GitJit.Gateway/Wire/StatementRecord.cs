using GitJit.Gateway.Sql;

namespace GitJit.Gateway.Wire;

/// <summary>
/// A statement as a session remembers it, for its log event and for what EXECUTE or Bind later runs: its own text
/// (kept in memory only, never logged: only its normalized form leaves the session), its kind and its classification.
/// </summary>
/// <param name="Sql">Its own text.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Statement">What the classifier read, or null when it could not read it.</param>
/// <param name="Normalized">Its normalized text, when the classifier gave it with the classification; else it is normalized when logged.</param>
internal sealed record StatementRecord(string Sql, StatementKind Kind, ClassifiedStatement? Statement, NormalizedQuery? Normalized = null)
{
    /// <summary>One statement of a query string: its own text, without the blanks around it.</summary>
    public static StatementRecord Of(string sql, ClassifiedStatement statement, NormalizedQuery? normalized = null) =>
        new(statement.TextIn(sql), statement.Kind, statement, normalized);
}
