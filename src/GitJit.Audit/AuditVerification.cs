namespace GitJit.Audit;

/// <summary>What <see cref="AuditVerifier"/> found: every grant's timeline (in order of events) and every anomaly.</summary>
public sealed record AuditVerification(IReadOnlyList<GrantTimeline> Timeline, IReadOnlyList<AuditAnomaly> Anomalies)
{
    public bool IsClean => Anomalies.Count == 0;
}
