using Microsoft.Extensions.Logging;

namespace GitJit.Postgres;

/// <summary>The PostgreSQL provider's messages (event ids 2200–2299): structured fields, never a password.</summary>
internal static partial class PostgresLogEvents
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Revoking {Grant}: terminated {Sessions} session(s) of role {Principal} in {Rounds} round(s)")]
    public static partial void SessionsTerminated(ILogger logger, string grant, string principal, int sessions, int rounds);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Revoking {Grant}: sessions of role {Principal} were still alive after {Rounds} rounds of pg_terminate_backend ({Sessions} terminated); it can no longer log in, and revoking again finishes the job")]
    public static partial void SessionsOutlivedTermination(ILogger logger, string grant, string principal, int sessions, int rounds);
}
