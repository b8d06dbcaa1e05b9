using GitJit.Gateway.Sessions;

namespace GitJit.Server.Gateway;

/// <summary>
/// Hands each session event to every registered <see cref="ISessionEvents"/> (the statement log, the alerts), in order.
/// Each must return at once and never throw; one that does throw anyway costs only its own event, never the session or
/// the others.
/// </summary>
internal sealed partial class SessionEventsFanout(IReadOnlyList<ISessionEvents> all, ILogger<SessionEventsFanout> logger) : ISessionEvents
{
    public void Started(GatewaySession session) => Each(session, static (e, s) => e.Started(s));

    // Once per statement: the arguments travel as state, so no closure is allocated on the session's path.
    public void Statement(GatewaySession session, StatementEvent statement) => Each((session, statement), static (e, s) => e.Statement(s.session, s.statement));

    public void Ended(GatewaySession session, DateTimeOffset at, string reason) => Each((session, at, reason), static (e, s) => e.Ended(s.session, s.at, s.reason));

    private void Each<TState>(TState state, Action<ISessionEvents, TState> call)
    {
        foreach (var events in all)
        {
            try
            {
                call(events, state);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Failed(logger, e, events.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 1095, Level = LogLevel.Error, Message = "{Receiver} threw on a gateway session event; the event is lost to it, the session goes on")]
    private static partial void Failed(ILogger logger, Exception exception, string receiver);
}
