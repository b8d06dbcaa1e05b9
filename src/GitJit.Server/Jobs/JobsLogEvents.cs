namespace GitJit.Server.Jobs;

/// <summary>The jobs' messages (event ids 1060–1069; 1063–1068 the sweep of pending requests): structured fields, never a secret.</summary>
internal static partial class JobsLogEvents
{
    [LoggerMessage(EventId = 1060, Level = LogLevel.Warning, Message = "Job {JobId} ({Job}) hit GitHub's rate limit ({Limit}); it runs again in {Wait} (wait {Deferral} of {MaxDeferrals})")]
    public static partial void RateLimitWait(ILogger logger, string jobId, string job, string limit, TimeSpan wait, int deferral, int maxDeferrals);

    [LoggerMessage(EventId = 1062, Level = LogLevel.Warning, Message = "Job {JobId} ({Job}) met a GitHub failure ({Failure}); it runs again in {Wait} (quick retry {Retry} of {MaxRetries})")]
    public static partial void GitHubFailureRetry(ILogger logger, string jobId, string job, string failure, TimeSpan wait, int retry, int maxRetries);

    [LoggerMessage(EventId = 1063, Level = LogLevel.Information, Message = "Closed {Repository}#{PullRequest}: its access request {RequestPath} waited {Age} without being merged, longer than {Limit} ({Policy})")]
    public static partial void PendingRequestExpired(ILogger logger, string repository, int pullRequest, string requestPath, TimeSpan age, TimeSpan limit, string policy);

    [LoggerMessage(EventId = 1064, Level = LogLevel.Warning, Message = "Could not sweep {Repository} (pull request {PullRequest}) for expired access requests; tried again next sweep")]
    public static partial void PendingSweepFailed(ILogger logger, Exception exception, string repository, int? pullRequest);

    [LoggerMessage(EventId = 1065, Level = LogLevel.Information, Message = "Left {Repository}#{PullRequest} for the next sweep of pending requests: a job holds its lock")]
    public static partial void PendingSweepSkippedLocked(ILogger logger, string repository, int pullRequest);

    [LoggerMessage(EventId = 1066, Level = LogLevel.Debug, Message = "Another instance is sweeping pending access requests; this one leaves it")]
    public static partial void PendingSweepElsewhere(ILogger logger);

    [LoggerMessage(EventId = 1067, Level = LogLevel.Warning, Message = "Could not schedule the sweep of pending access requests yet; trying again in {Retry}")]
    public static partial void PendingSweepNotScheduled(ILogger logger, Exception exception, TimeSpan retry);

    [LoggerMessage(EventId = 1068, Level = LogLevel.Warning, Message = "Could not list the App's installations or the repositories of installation {Installation} for the sweep of pending requests; tried again next sweep")]
    public static partial void PendingSweepInstallationsFailed(ILogger logger, Exception exception, long? installation);
}
