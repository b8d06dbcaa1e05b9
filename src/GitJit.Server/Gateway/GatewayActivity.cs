using GitJit.Gateway.Sessions;

namespace GitJit.Server.Gateway;

/// <summary>
/// What a grant's gateway sessions did, as the grant page shows it: its sessions (newest first, at most
/// <see cref="MaxSessions"/>), its last statements (oldest first), and its refused attempts (oldest first, the last
/// <see cref="MaxRefused"/>). Statements carry normalized text only, never a literal value.
/// </summary>
public sealed record GatewayActivity(IReadOnlyList<SessionSummary> Sessions, IReadOnlyList<LoggedStatement> Recent, IReadOnlyList<LoggedStatement> Refused)
{
    public const int MaxSessions = 100;

    public const int MaxRefused = 1000;

    public static GatewayActivity None { get; } = new([], [], []);
}

/// <summary>How many statements a grant's gateway sessions sent, and how many of them were refused.</summary>
public sealed record GatewayTally(long Statements, long Refused)
{
    public static GatewayTally None { get; } = new(0, 0);
}

/// <summary>One gateway session of a grant and how many statements it sent, refused and failed among them.</summary>
public sealed record SessionSummary(
    Guid Id,
    string User,
    string Client,
    string? ApplicationName,
    string Instance,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    long Statements,
    long Refused,
    long Failed);

/// <summary>A statement as the log keeps it, with its session.</summary>
public sealed record LoggedStatement(Guid SessionId, StatementEvent Statement);

/// <summary>One thing the gateway told: a session started, sent a statement, or ended.</summary>
public sealed record SessionLogEntry(GatewaySession Session, StatementEvent? Statement = null, DateTimeOffset? EndedAt = null, string? EndReason = null)
{
    public bool IsStart => Statement is null && EndedAt is null;
}

/// <summary>Where the statement log is kept, and read back per grant.</summary>
public interface ISessionLogStore
{
    /// <summary>Stores <paramref name="entries"/>, in their order.</summary>
    Task WriteAsync(IReadOnlyList<SessionLogEntry> entries, CancellationToken cancellationToken);

    /// <summary>The grant's sessions, its last <paramref name="lastStatements"/> statements and its refused attempts.</summary>
    Task<GatewayActivity> ReadAsync(string grantId, int lastStatements, CancellationToken cancellationToken);

    /// <summary>Deletes statements and ended sessions older than <paramref name="before"/>.</summary>
    Task PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>The statements and refusals of each of <paramref name="grantIds"/> that had any (for the list of active grants).</summary>
    Task<IReadOnlyDictionary<string, GatewayTally>> TallyAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken);

    /// <summary>The grant's session report, bounded as <see cref="GitJit.Core.Audit.SessionReport"/> says; null when it had no session.</summary>
    Task<GitJit.Core.Audit.SessionReport?> ReportAsync(string grantId, CancellationToken cancellationToken);
}
