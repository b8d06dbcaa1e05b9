namespace GitJit.Audit;

/// <summary>
/// Something in the audit trail that breaks its rules: a <see cref="Code"/> from <see cref="AuditAnomalyCodes"/> that
/// tools may rely on, a message for people (values from records quoted), and where it was found when known.
/// </summary>
public sealed record AuditAnomaly(string Code, string Message)
{
    /// <summary>The grant id the anomaly is about.</summary>
    public string? Request { get; init; }

    /// <summary>The file under <c>audit/</c> it is about.</summary>
    public string? Path { get; init; }

    /// <summary>The commit that did it (history anomalies) or last touched the file.</summary>
    public string? CommitId { get; init; }

    /// <summary>That commit's time.</summary>
    public DateTimeOffset? CommitTime { get; init; }
}
