namespace GitJit.Core.Audit;

/// <summary>
/// The audit trail of one access repository: records committed to its git history, one commit each, never rewritten.
/// </summary>
public interface IAuditTrail
{
    /// <summary>
    /// Commits <paramref name="record"/> unless a record already sits at its path (the job ran before): true when this
    /// call wrote it.
    /// </summary>
    Task<bool> AppendAsync(AuditLocation location, AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Every record at the tip of the location's branch.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditLocation location, CancellationToken cancellationToken);

    /// <summary>One pull request's records at the tip of the location's branch.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditLocation location, int pullRequest, CancellationToken cancellationToken);
}

/// <summary>Where a repository's audit trail lives: its git remote and branch, and the App installation that may push there.</summary>
public sealed record AuditLocation(long Installation, string Repository, string CloneUrl, string Branch)
{
    public string Owner => Repository.Split('/', 2)[0];

    public string Name => Repository.Split('/', 2)[1];
}
