using GitJit.Gateway.Sessions;

namespace GitJit.Server.Gateway;

/// <summary>
/// Hands each session event to every registered <see cref="ISessionEvents"/> (the statement log, the alerts), in order.
/// Each must return at once and never throw; one that does throw anyway costs only its own event, never the session or
/// the others.
/// </summary>
internal sealed partial class SessionEventsFanout(IReadOnlyList<ISessionEvents> all, ILogger<SessionEventsFanout> logger) : ISessionEvents
{
    public void Started(GatewaySession session) => Each(e => e.Started(session));

    public void Statement(GatewaySession session, StatementEvent statement) => Each(e => e.Statement(session, statement));

    public void Ended(GatewaySession session, DateTimeOffset at, string reason) => Each(e => e.Ended(session, at, reason));

    private void Each(Action<ISessionEvents> call)
    {
        foreach (var events in all)
        {
            try
            {
                call(events);
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
