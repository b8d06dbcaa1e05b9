using System.Globalization;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;

namespace GitJit.Server.Jobs;

/// <summary>
/// A job that GitHub turned away for its rate limit waits until the limit resets (primary limit: its
/// <c>X-RateLimit-Reset</c>; secondary limit: <c>Retry-After</c>, else a minute, as GitHub asks) instead of spending
/// its retries on back-off that cannot help. Runs before <c>AutomaticRetry</c>, which handles every other failure.
/// After <see cref="MaxDeferrals"/> waits in a row the failure goes to the normal retries. The wait is counted on the
/// <see cref="TimeProvider"/> it is given, due times included.
/// </summary>
public sealed class GitHubRateLimitFilter : JobFilterAttribute, IElectStateFilter
{
    internal const int MaxDeferrals = 24;
    private const string DeferralsParameter = "GitJitRateLimitDeferrals";
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public GitHubRateLimitFilter(TimeProvider time, ILogger<GitHubRateLimitFilter>? logger = null)
    {
        this.time = time;
        this.logger = logger ?? NullLogger<GitHubRateLimitFilter>.Instance;
        Order = 0;
    }

    public void OnStateElection(ElectStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow();
        if (context.CandidateState is not FailedState failed || WaitFor(failed.Exception, now) is not { } wait) return;
        var deferrals = context.GetJobParameter<int>(DeferralsParameter) + 1;
        if (deferrals > MaxDeferrals) return;
        context.SetJobParameter(DeferralsParameter, deferrals);
        context.CandidateState = new ScheduledState((now + wait).UtcDateTime)
        {
            Reason = string.Create(CultureInfo.InvariantCulture, $"GitHub rate limit: waiting {wait.TotalSeconds:F0} s for it to reset ({deferrals} of {MaxDeferrals})"),
        };
        JobsLogEvents.RateLimitWait(logger, context.BackgroundJob.Id, context.BackgroundJob.Job?.Type.Name ?? "?", failed.Exception.GetType().Name, wait, deferrals, MaxDeferrals);
    }

    /// <summary>How long to wait before calling GitHub again, or null when <paramref name="exception"/> is no rate limit.</summary>
    public static TimeSpan? WaitFor(Exception? exception, DateTimeOffset now)
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

    private static TimeSpan? RetryAfter(ApiException exception) =>
        exception.HttpResponse?.Headers is { } headers
        && headers.TryGetValue("Retry-After", out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
