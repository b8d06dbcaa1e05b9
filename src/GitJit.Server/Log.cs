namespace GitJit.Server;

/// <summary>GitJit's server log messages: stable event ids, structured fields, never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "No ConnectionStrings:GitJit: jobs and delivery ids are kept in memory. Use this on a single machine only; a restart forgets queued work.")]
    public static partial void SingleMachineStorage(ILogger logger);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused a webhook delivery {Delivery} ({Event}): {Reason}")]
    public static partial void DeliveryRefused(ILogger logger, string? delivery, string? @event, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Ignored a repeated webhook delivery {Delivery}")]
    public static partial void DeliveryRepeated(ILogger logger, string delivery);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Queued evaluation of {Repository}#{PullRequest} for delivery {Delivery} ({Event})")]
    public static partial void EvaluationQueued(ILogger logger, string repository, long pullRequest, string delivery, string @event);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Evaluated {Owner}/{Repository}#{PullRequest}: {Status}")]
    public static partial void Evaluated(ILogger logger, string owner, string repository, long pullRequest, GitJit.Core.Decisions.DecisionStatus status);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Grant ordered for {Repository}#{PullRequest} merged as {MergeCommit}: {Requester} gets {Role} on {Resource}")]
    public static partial void GrantOrdered(ILogger logger, string repository, int pullRequest, string mergeCommit, string requester, string resource, string role);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Grant refused for {Repository}#{PullRequest} merged as {MergeCommit}: {Problems} problem(s)")]
    public static partial void GrantRefused(ILogger logger, string repository, int pullRequest, string mergeCommit, int problems);
}
