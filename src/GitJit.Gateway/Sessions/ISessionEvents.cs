using System.Net;

namespace GitJit.Gateway.Sessions;

/// <summary>
/// What the gateway tells about its sessions: the statement log, the session report and alerts are built from these.
/// Called on the session's own path, so every method must return at once (queue, never wait on I/O), and never throw.
/// Nothing here carries a literal value of a query: statements arrive normalized (<c>$n</c> for every literal).
/// </summary>
public interface ISessionEvents
{
    void Started(GatewaySession session);

    void Statement(GatewaySession session, StatementEvent statement);

    void Ended(GatewaySession session, DateTimeOffset at, string reason);
}

/// <summary>One client session through the gateway.</summary>
/// <param name="Id">Unique for the session.</param>
/// <param name="GrantId">The grant it runs under.</param>
/// <param name="User">The login it used.</param>
/// <param name="Client">The client's address and port.</param>
/// <param name="ApplicationName">The client's <c>application_name</c>, when it sent one.</param>
/// <param name="StartedAt">When it logged in.</param>
/// <param name="Instance">Which gateway instance holds it (the machine name and process id).</param>
public sealed record GatewaySession(Guid Id, string GrantId, string User, IPEndPoint Client, string? ApplicationName, DateTimeOffset StartedAt, string Instance);

/// <summary>How a statement ended.</summary>
public enum StatementOutcome
{
    /// <summary>Ran, and the server reported no error.</summary>
    Ok,

    /// <summary>Refused by the gateway; it never reached the server.</summary>
    Refused,

    /// <summary>Reached the server, which reported an error (<see cref="StatementEvent.SqlState"/>).</summary>
    Failed,
}

/// <summary>
/// One statement of a session. <see cref="Text"/> is normalized by PostgreSQL's own parser (<c>pg_query_normalize</c>:
/// every literal becomes <c>$n</c>); <see cref="Fingerprint"/> is the same for statements that differ only in values.
/// For a query string that could not be read both are null, and only <see cref="Kind"/> <c>unknown</c> is kept.
/// </summary>
/// <param name="At">When it arrived.</param>
/// <param name="Text">Normalized text, no literal values.</param>
/// <param name="Fingerprint">libpg_query's fingerprint, 16 hexadecimal digits.</param>
/// <param name="Kind">Its kind, as the classifier names it (<c>select</c>, <c>delete</c>…).</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="SqlState">The server's SQLSTATE when it failed; 42501 when refused.</param>
/// <param name="Rows">Rows it returned or changed, when the server said.</param>
/// <param name="Duration">From its arrival to the server's completion (or the refusal).</param>
/// <param name="Guardrail">The guardrail that refused it, when refused.</param>
/// <param name="Reason">Why it was refused, as the client was told (never a literal value).</param>
public sealed record StatementEvent(
    DateTimeOffset At,
    string? Text,
    string? Fingerprint,
    string Kind,
    StatementOutcome Outcome,
    string? SqlState,
    long? Rows,
    TimeSpan Duration,
    string? Guardrail = null,
    string? Reason = null);
