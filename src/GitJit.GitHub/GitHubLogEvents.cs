using Microsoft.Extensions.Logging;

namespace GitJit.GitHub;

/// <summary>The GitHub adapter's messages (event ids 2300–2399): structured fields, never a token.</summary>
internal static partial class GitHubLogEvents
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "GitHub refused the token of installation {Installation} (401 Bad credentials) before its expiry at {ExpiresAt}; it is dropped, and the next call mints a new one")]
    public static partial void InstallationTokenRefused(ILogger logger, long installation, DateTimeOffset expiresAt);
}
