using System.Globalization;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;

namespace GitJit.Server.Jobs;

/// <summary>
/// A job that met a passing GitHub failure — a server error (5xx), a token GitHub refused (401: the refused token is
/// already dropped, the next attempt mints one), a broken connection or a timed-out request — runs again within
/// seconds instead of after Hangfire's back-off (15 to 45 s for the first retry, minutes later on): waits of
/// 1, 2, 4, 8 and 16 s, each shortened at random by up to half, so that jobs failed together do not return together.
/// After <see cref="MaxRetries"/> quick retries the failure goes to the normal retries. Runs before
/// <c>AutomaticRetry</c>, next to <see cref="GitHubRateLimitFilter"/>; jobs are safe to run twice.
/// </summary>
public sealed class GitHubFailureRetryFilter : JobFilterAttribute, IElectStateFilter
{
    internal const int MaxRetries = 5;
    private const string RetriesParameter = "GitJitGitHubFailureRetries";
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public GitHubFailureRetryFilter(TimeProvider time, ILogger<GitHubFailureRetryFilter>? logger = null)
    {
        this.time = time;
        this.logger = logger ?? NullLogger<GitHubFailureRetryFilter>.Instance;
        Order = 0;
    }

    public void OnStateElection(ElectStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CandidateState is not FailedState failed || Failure(failed.Exception) is not { } failure) return;
        var retry = context.GetJobParameter<int>(RetriesParameter) + 1;
        if (retry > MaxRetries) return;
        context.SetJobParameter(RetriesParameter, retry);
        var wait = Wait(retry, Random.Shared.NextDouble());
        context.CandidateState = new ScheduledState((time.GetUtcNow() + wait).UtcDateTime)
        {
            Reason = string.Create(CultureInfo.InvariantCulture, $"GitHub failed ({failure}): trying again in {wait.TotalSeconds:F1} s ({retry} of {MaxRetries})"),
        };
        JobsLogEvents.GitHubFailureRetry(logger, context.BackgroundJob.Id, context.BackgroundJob.Job?.Type.Name ?? "?", failure, wait, retry, MaxRetries);
    }

    /// <summary>The wait before quick retry <paramref name="retry"/> (1-based): 2^(retry−1) s, less up to half of it by <paramref name="jitter"/> (0 to 1).</summary>
    public static TimeSpan Wait(int retry, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var full = First * Math.Pow(2, Math.Min(retry, MaxRetries) - 1);
        return full * (1 - (Math.Clamp(jitter, 0, 1) / 2));
    }

    /// <summary>What passing failure <paramref name="exception"/> is (e.g. "502 BadGateway"), or null when it is none.</summary>
    public static string? Failure(Exception? exception) => exception switch
    {
        ApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError and <= (System.Net.HttpStatusCode)599 } server =>
            string.Create(CultureInfo.InvariantCulture, $"{(int)server.StatusCode} {server.StatusCode}"),
        AuthorizationException => "401 Unauthorized",
        HttpRequestException => "connection failed",
        TaskCanceledException { InnerException: TimeoutException } => "request timed out",
        _ => null,
    };
}
