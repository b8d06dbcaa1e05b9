using System.Globalization;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;

namespace GitJit.Server.Jobs;

/// <summary>
/// How long until a job that GitHub failed may try GitHub again, instead of Hangfire's back-off (15 to 45 s for the
/// first retry, minutes later on). A rate limit is waited out until it resets (primary limit: its
/// <c>X-RateLimit-Reset</c> and a second; secondary limit or 429: <c>Retry-After</c>, else a minute, as GitHub asks;
/// a second to an hour), at most <see cref="MaxDeferrals"/> times in a row. A passing failure — a server error (5xx), a
/// token GitHub refused (401: the refused token is already dropped, the next attempt mints one), a broken connection or
/// a timed-out request — is retried after 1, 2, 4, 8 and 16 s, each shortened at random by up to half so that jobs
/// failed together do not return together, at most <see cref="MaxRetries"/> times. Each allowance is counted apart;
/// once one is spent, and for every other failure, the failure goes to <c>AutomaticRetry</c>, which runs after this.
/// Waits are counted on the <see cref="TimeProvider"/> it is given, due times included; jobs are safe to run twice.
/// </summary>
public sealed class GitHubRetryFilter : JobFilterAttribute, IElectStateFilter
{
    internal const int MaxDeferrals = 24;
    internal const int MaxRetries = 5;
    // The names jobs already in storage carry: keep them.
    private const string DeferralsParameter = "GitJitRateLimitDeferrals";
    private const string RetriesParameter = "GitJitGitHubFailureRetries";
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public GitHubRetryFilter(TimeProvider time, ILogger<GitHubRetryFilter>? logger = null)
    {
        this.time = time;
        this.logger = logger ?? NullLogger<GitHubRetryFilter>.Instance;
        Order = 0;
    }

    public void OnStateElection(ElectStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CandidateState is not FailedState { Exception: var exception }) return;
        var now = time.GetUtcNow();
        if (RateLimitWait(exception, now) is { } wait)
        {
            if (Count(context, DeferralsParameter, MaxDeferrals) is not { } deferral) return;
            Schedule(context, now + wait, $"GitHub rate limit: waiting {wait.TotalSeconds:F0} s for it to reset ({deferral} of {MaxDeferrals})");
            JobsLogEvents.RateLimitWait(logger, context.BackgroundJob.Id, JobName(context), exception.GetType().Name, wait, deferral, MaxDeferrals);
        }
        else if (PassingFailure(exception) is { } failure)
        {
            if (Count(context, RetriesParameter, MaxRetries) is not { } retry) return;
            var soon = RetryWait(retry, Random.Shared.NextDouble());
            Schedule(context, now + soon, $"GitHub failed ({failure}): trying again in {soon.TotalSeconds:F1} s ({retry} of {MaxRetries})");
            JobsLogEvents.GitHubFailureRetry(logger, context.BackgroundJob.Id, JobName(context), failure, soon, retry, MaxRetries);
        }
    }

    /// <summary>How long to wait for GitHub's rate limit to reset (1 s to 1 h), or null when <paramref name="exception"/> is no rate limit.</summary>
    public static TimeSpan? RateLimitWait(Exception? exception, DateTimeOffset now)
    {
        TimeSpan? wait = exception switch
        {
            RateLimitExceededException primary => primary.Reset - now + Slack,
            SecondaryRateLimitExceededException secondary => RetryAfter(secondary) ?? TimeSpan.FromMinutes(1),
            ApiException { StatusCode: (System.Net.HttpStatusCode)429 } tooMany => RetryAfter(tooMany) ?? TimeSpan.FromMinutes(1),
            _ => null,
        };
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, Slack.Ticks, Longest.Ticks)) : null;
    }

    /// <summary>What passing failure <paramref name="exception"/> is (e.g. "502 BadGateway"), or null when it is none.</summary>
    public static string? PassingFailure(Exception? exception) => exception switch
    {
        ApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError and <= (System.Net.HttpStatusCode)599 } server =>
            string.Create(CultureInfo.InvariantCulture, $"{(int)server.StatusCode} {server.StatusCode}"),
        AuthorizationException => "401 Unauthorized",
        HttpRequestException => "connection failed",
        TaskCanceledException { InnerException: TimeoutException } => "request timed out",
        _ => null,
    };

    /// <summary>The wait before quick retry <paramref name="retry"/> (1-based): 2^(retry−1) s, less up to half of it by <paramref name="jitter"/> (0 to 1).</summary>
    public static TimeSpan RetryWait(int retry, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var full = FirstRetry * Math.Pow(2, Math.Min(retry, MaxRetries) - 1);
        return full * (1 - (Math.Clamp(jitter, 0, 1) / 2));
    }

    /// <summary>The job's next count in <paramref name="parameter"/>, recorded on it, or null once <paramref name="max"/> are spent.</summary>
    private static int? Count(ElectStateContext context, string parameter, int max)
    {
        var count = context.GetJobParameter<int>(parameter) + 1;
        if (count > max) return null;
        context.SetJobParameter(parameter, count);
        return count;
    }

    private static void Schedule(ElectStateContext context, DateTimeOffset due, FormattableString reason) =>
        context.CandidateState = new ScheduledState(due.UtcDateTime) { Reason = reason.ToString(CultureInfo.InvariantCulture) };

    private static string JobName(ElectStateContext context) => context.BackgroundJob.Job?.Type.Name ?? "?";

    private static TimeSpan? RetryAfter(ApiException exception) =>
        exception.HttpResponse?.Headers is { } headers
        && headers.TryGetValue("Retry-After", out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
