using Microsoft.Extensions.Logging;

namespace GitJit.Audit;

/// <summary>The audit log's messages (event ids 2100–2199): structured fields, never a token.</summary>
internal static partial class AuditLogEvents
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Pushing {Records} audit record(s) to {Remote} {Branch} was refused ({Rejection}); attempt {Attempt} of {MaxAttempts}, trying again in {Delay}")]
    public static partial void PushRetried(ILogger logger, int records, string remote, string branch, string rejection, int attempt, int maxAttempts, TimeSpan delay);
}
