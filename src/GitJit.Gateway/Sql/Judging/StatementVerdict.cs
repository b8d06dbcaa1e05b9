namespace GitJit.Gateway.Sql.Judging;

/// <summary>One statement's verdict: allowed when nothing refuses it; otherwise every refusal, each guardrail's own.</summary>
public sealed record StatementVerdict(int Index, IReadOnlyList<Refusal> Refusals)
{
    public bool Allowed => Refusals.Count == 0;
}
