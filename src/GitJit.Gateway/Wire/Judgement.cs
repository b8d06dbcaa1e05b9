using GitJit.Gateway.Sql.Judging;

namespace GitJit.Gateway.Wire;

/// <summary>
/// A query string judged for a session: its statements and every refusal; it may go upstream only when there is none.
/// </summary>
internal sealed record Judgement(IReadOnlyList<StatementRecord> Statements, IReadOnlyList<(int Statement, Refusal Refusal)> Refusals)
{
    public bool Allowed => Refusals.Count == 0;
}
