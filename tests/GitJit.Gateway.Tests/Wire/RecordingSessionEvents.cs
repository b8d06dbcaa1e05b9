using System.Collections.Concurrent;
using GitJit.Gateway.Sessions;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>Keeps every session event, in order.</summary>
internal sealed class RecordingSessionEvents : ISessionEvents
{
    private readonly ConcurrentQueue<GatewaySession> started = new();
    private readonly ConcurrentQueue<StatementEvent> statements = new();
    private readonly ConcurrentQueue<(GatewaySession Session, string Reason)> ended = new();

    public IReadOnlyList<GatewaySession> StartedSessions => [.. started];

    public IReadOnlyList<StatementEvent> Statements => [.. statements];

    public IReadOnlyList<(GatewaySession Session, string Reason)> EndedSessions => [.. ended];

    public void Started(GatewaySession session) => started.Enqueue(session);

    public void Statement(GatewaySession session, StatementEvent statement) => statements.Enqueue(statement);

    public void Ended(GatewaySession session, DateTimeOffset at, string reason) => ended.Enqueue((session, reason));

    /// <summary>Everything the events say, as text, for searching for a literal.</summary>
    public IEnumerable<string> AllText() =>
        StartedSessions.Select(s => s.ToString())
            .Concat(Statements.Select(s => s.ToString()))
            .Concat(EndedSessions.Select(e => e.Session + " " + e.Reason));
}
