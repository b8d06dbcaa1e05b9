namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// A query string's verdict: one per statement, or, when the string could not be read, <see cref="InputRefusal"/>
/// alone. The string may run only when every statement is allowed.
/// </summary>
public sealed record Verdict(IReadOnlyList<StatementVerdict> Statements, Refusal? InputRefusal = null)
{
    public bool Allowed => InputRefusal is null && Statements.All(s => s.Allowed);

    /// <summary>Every refusal, in statement order.</summary>
    public IEnumerable<Refusal> Refusals => InputRefusal is { } input ? [input] : Statements.SelectMany(s => s.Refusals);
}
