using System.Net;
using GitJit.Gateway.Sessions;
using Microsoft.Extensions.Logging;

namespace GitJit.Gateway.Wire;

/// <summary>The gateway's log events (3000–3099). None carries query text or a literal value; none a password.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "The gateway listens on {EndPoint}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Session {SessionId} of grant {GrantId} started: user {User} from {Client}, application {ApplicationName}")]
    public static partial void SessionStarted(ILogger logger, Guid sessionId, string grantId, string user, IPEndPoint client, string? applicationName);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Session {SessionId} of grant {GrantId} ended: {Reason}")]
    public static partial void SessionEnded(ILogger logger, Guid sessionId, string grantId, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Login refused for user {User} from {Client}: {Reason}")]
    public static partial void LoginRefused(ILogger logger, string user, IPEndPoint client, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Session {SessionId} of grant {GrantId}: a {Kind} statement was refused by guardrail {Guardrail}")]
    public static partial void StatementRefused(ILogger logger, Guid sessionId, string grantId, string kind, string guardrail);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Logging in upstream to {Upstream} for grant {GrantId} failed: {Reason}")]
    public static partial void UpstreamLoginFailed(ILogger logger, string upstream, string grantId, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "A connection from {Client} ended before its session started: {Reason}")]
    public static partial void HandshakeEnded(ILogger logger, IPEndPoint client, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Session {SessionId} of grant {GrantId}: the {Side} broke the protocol: {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, Guid sessionId, string grantId, string side, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Asking which grants ended failed; the gateway asks again shortly")]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "A cancel request for session {SessionId} was sent upstream")]
    public static partial void CancelForwarded(ILogger logger, Guid sessionId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Session {SessionId}: a {Kind} statement ended {Outcome} ({SqlState}) in {Duration}")]
    public static partial void StatementEnded(ILogger logger, Guid sessionId, string kind, StatementOutcome outcome, string? sqlState, TimeSpan duration);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "Session {SessionId} of grant {GrantId} failed")]
    public static partial void SessionFailed(ILogger logger, Guid sessionId, string grantId, Exception exception);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "A cancel request could not be sent upstream")]
    public static partial void CancelFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "A session event handler threw; the session goes on")]
    public static partial void EventsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Debug, Message = "Session {SessionId}: the client could not be told why its session ended ({Code})")]
    public static partial void NotTold(ILogger logger, Exception exception, Guid sessionId, string code);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Session {SessionId}: its cancel key could not be shared with the other instances; a cancel request reaching another instance is lost")]
    public static partial void CancelKeyNotShared(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "More than {PerSecond} cancel requests a second name keys of no session here; the rest are dropped unread until the rate falls")]
    public static partial void CancelLookupsLimited(ILogger logger, int perSecond);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Information, Message = "Session {SessionId} of grant {GrantId} goes on: the grant was extended until {ExpiresAt}")]
    public static partial void SessionExtended(ILogger logger, Guid sessionId, string grantId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Error, Message = "Session {SessionId} of grant {GrantId} reached its expiry and the gateway could not learn whether the grant was extended; it is ended")]
    public static partial void ExtensionUnknown(ILogger logger, Exception exception, Guid sessionId, string grantId);
}
