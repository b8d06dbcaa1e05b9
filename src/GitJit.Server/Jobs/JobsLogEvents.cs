namespace GitJit.Server.Jobs;

/// <summary>The jobs' messages (event ids 1060–1069): structured fields, never a secret.</summary>
internal static partial class JobsLogEvents
{
    [LoggerMessage(EventId = 1060, Level = LogLevel.Warning, Message = "Job {JobId} ({Job}) hit GitHub's rate limit ({Limit}); it runs again in {Wait} (wait {Deferral} of {MaxDeferrals})")]
    public static partial void RateLimitWait(ILogger logger, string jobId, string job, string limit, TimeSpan wait, int deferral, int maxDeferrals);

    [LoggerMessage(EventId = 1062, Level = LogLevel.Warning, Message = "Job {JobId} ({Job}) met a GitHub failure ({Failure}); it runs again in {Wait} (quick retry {Retry} of {MaxRetries})")]
    public static partial void GitHubFailureRetry(ILogger logger, string jobId, string job, string failure, TimeSpan wait, int retry, int maxRetries);
}
