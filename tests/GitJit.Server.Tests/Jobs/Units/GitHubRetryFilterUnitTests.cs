using System.Globalization;
using System.Net;
using GitJit.Server.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.States;
using Microsoft.Extensions.Time.Testing;
using Octokit;

namespace GitJit.Server.Tests.Units;

/// <summary>
/// The GitHub retry filter in Hangfire's own state machine (a storage of its own, the filter as the server has it), on a
/// fake clock whose now is not a whole second: when a job GitHub turned away for its rate limit, or failed in passing,
/// is due again, and when the waiting and the quick retries stop.
/// </summary>
public sealed class GitHubRetryFilterUnitTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, 500, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryStorage storage;
    private readonly BackgroundJobClient client;

    public GitHubRetryFilterUnitTests()
    {
        storage = new InMemoryStorage();
        client = new BackgroundJobClient(storage, new JobFilterCollection { new GitHubRetryFilter(time) });
    }

    public void Dispose() => storage.Dispose();

    [Fact]
    public void ThePrimaryLimit_PutsTheJobOffUntilItsResetAndASecond()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(Now.AddMinutes(10).ToUnixTimeSeconds());
        var job = NewJob();

        var state = Fail(job, new RateLimitExceededException(Response(HttpStatusCode.Forbidden,
            ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)))));

        Assert.Equal((ScheduledState.StateName, reset.AddSeconds(1).UtcDateTime), (state.Name, EnqueueAt(state)));
    }

    [Fact]
    public void TheSecondaryLimit_PutsTheJobOffForRetryAfter_OrElseAMinute()
    {
        var told = Fail(NewJob(), new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden, ("Retry-After", "30"))));
        var untold = Fail(NewJob(), new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden)));

        Assert.Equal(Now.AddSeconds(30).UtcDateTime, EnqueueAt(told));
        Assert.Equal(Now.AddMinutes(1).UtcDateTime, EnqueueAt(untold));
        Assert.StartsWith("GitHub rate limit", told.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyRequests_PutsTheJobOffForRetryAfter_OrElseAMinute()
    {
        var told = Fail(NewJob(), new ApiException(Response((HttpStatusCode)429, ("Retry-After", "5"))));
        var untold = Fail(NewJob(), new ApiException(Response((HttpStatusCode)429)));

        Assert.Equal(Now.AddSeconds(5).UtcDateTime, EnqueueAt(told));
        Assert.Equal(Now.AddMinutes(1).UtcDateTime, EnqueueAt(untold));
    }

    [Fact]
    public void AResetAlreadyPast_OrHoursAway_IsWaitedASecond_OrAnHourAtMost()
    {
        var past = Fail(NewJob(), new RateLimitExceededException(Response(HttpStatusCode.Forbidden,
            ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", Now.AddMinutes(-5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)))));
        var far = Fail(NewJob(), new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden, ("Retry-After", "86400"))));

        Assert.Equal(Now.AddSeconds(1).UtcDateTime, EnqueueAt(past));
        Assert.Equal(Now.AddHours(1).UtcDateTime, EnqueueAt(far));
    }

    [Fact]
    public void TwentyFourWaitsInARow_ThenTheFailureGoesToTheRetries()
    {
        var job = NewJob();
        var limited = new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden));

        for (var wait = 1; wait <= GitHubRetryFilter.MaxDeferrals; wait++)
        {
            var state = Fail(job, limited);
            Assert.Equal((ScheduledState.StateName, time.GetUtcNow().AddMinutes(1).UtcDateTime), (state.Name, EnqueueAt(state)));
            Assert.Contains($"({wait} of 24)", state.Reason, StringComparison.Ordinal);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(24, GitHubRetryFilter.MaxDeferrals);
        Assert.Equal(FailedState.StateName, Fail(job, limited).Name);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public void AServerError_PutsTheJobOffForASecondAtMost(HttpStatusCode status)
    {
        var state = Fail(NewJob(), new ApiException(Response(status)));

        Assert.Equal(ScheduledState.StateName, state.Name);
        Assert.InRange(EnqueueAt(state), Now.AddSeconds(0.5).UtcDateTime, Now.AddSeconds(1).UtcDateTime);
        Assert.Contains($"GitHub failed ({(int)status} {status})", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedToken_ABrokenConnection_AndATimedOutRequest_AreRetriedSoon()
    {
        Assert.Equal(ScheduledState.StateName, Fail(NewJob(), new AuthorizationException(Response(HttpStatusCode.Unauthorized))).Name);
        Assert.Equal(ScheduledState.StateName, Fail(NewJob(), new HttpRequestException("Connection refused")).Name);
        Assert.Equal(ScheduledState.StateName, Fail(NewJob(), new TaskCanceledException("timed out", new TimeoutException())).Name);
    }

    [Fact]
    public void EachQuickRetry_WaitsTwiceAsLong_LessUpToHalfAtRandom()
    {
        Assert.Equal(
            [1, 2, 4, 8, 16],
            Enumerable.Range(1, GitHubRetryFilter.MaxRetries).Select(r => GitHubRetryFilter.RetryWait(r, jitter: 0).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(2), GitHubRetryFilter.RetryWait(3, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(6), GitHubRetryFilter.RetryWait(4, jitter: 0.5));
    }

    [Fact]
    public void FiveQuickRetries_ThenTheFailureGoesToHangfiresRetries()
    {
        var job = NewJob();
        var failure = new ApiException(Response(HttpStatusCode.BadGateway));

        for (var retry = 1; retry <= GitHubRetryFilter.MaxRetries; retry++)
        {
            var state = Fail(job, failure);
            Assert.Equal(ScheduledState.StateName, state.Name);
            Assert.InRange(EnqueueAt(state) - time.GetUtcNow().UtcDateTime, GitHubRetryFilter.RetryWait(retry, 1), GitHubRetryFilter.RetryWait(retry, 0));
            Assert.Contains($"({retry} of 5)", state.Reason, StringComparison.Ordinal);
            time.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(FailedState.StateName, Fail(job, failure).Name);
    }

    [Fact]
    public void RateLimitWaits_AndQuickRetries_AreCountedApart()
    {
        var job = NewJob();
        var failure = new ApiException(Response(HttpStatusCode.BadGateway));
        for (var retry = 1; retry <= GitHubRetryFilter.MaxRetries; retry++) Fail(job, failure);

        var limited = Fail(job, new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden)));
        var failedAgain = Fail(job, failure);

        Assert.Equal((ScheduledState.StateName, Now.AddMinutes(1).UtcDateTime), (limited.Name, EnqueueAt(limited)));
        Assert.Contains("(1 of 24)", limited.Reason, StringComparison.Ordinal);
        Assert.Equal(FailedState.StateName, failedAgain.Name);
    }

    [Fact]
    public void TheCountsAJobAlreadyCarries_AreCarriedOn()
    {
        var retried = NewJob(("GitJitGitHubFailureRetries", "4"));
        var waited = NewJob(("GitJitRateLimitDeferrals", "23"));

        var retry = Fail(retried, new ApiException(Response(HttpStatusCode.BadGateway)));
        var wait = Fail(waited, new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden)));

        Assert.Contains("(5 of 5)", retry.Reason, StringComparison.Ordinal);
        Assert.Contains("(24 of 24)", wait.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherFailures_AreLeftToTheRetries()
    {
        Assert.Equal(FailedState.StateName, Fail(NewJob(), new NotFoundException("Not Found", HttpStatusCode.NotFound)).Name);
        Assert.Equal(FailedState.StateName, Fail(NewJob(), new ApiValidationException(Response(HttpStatusCode.UnprocessableEntity))).Name);
        Assert.Equal(FailedState.StateName, Fail(NewJob(), new ForbiddenException(Response(HttpStatusCode.Forbidden))).Name);
        Assert.Equal(FailedState.StateName, Fail(NewJob(), new TimeoutException()).Name);
        Assert.Equal(FailedState.StateName, Fail(NewJob(), new InvalidOperationException()).Name);
    }

    private string NewJob(params (string Name, string Value)[] parameters)
    {
        var job = client.Create(Job.FromExpression(() => GitHubWork.CallGitHub()), new ScheduledState(Now.AddDays(1).UtcDateTime));
        using var connection = storage.GetConnection();
        foreach (var (name, value) in parameters) connection.SetJobParameter(job, name, value);
        return job;
    }

    private Hangfire.Storage.StateData Fail(string job, Exception exception)
    {
        client.ChangeState(job, new FailedState(exception), expectedState: null);
        using var connection = storage.GetConnection();
        return connection.GetStateData(job);
    }

    private static DateTime EnqueueAt(Hangfire.Storage.StateData state) => JobHelper.DeserializeDateTime(state.Data["EnqueueAt"]);

    private static GitHubResponse Response(HttpStatusCode status, params (string Name, string Value)[] headers) =>
        new(status, """{"message":"GitHub turned the request away."}""", headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>A response as Octokit's connection hands it to its exceptions (Octokit's own class is internal).</summary>
    private sealed record GitHubResponse(HttpStatusCode StatusCode, object Body, IReadOnlyDictionary<string, string> Headers) : IResponse
    {
        public ApiInfo ApiInfo => new(new Dictionary<string, Uri>(), [], [], "", new RateLimit(Headers.ToDictionary()));

        public string ContentType => "application/json";
    }
}

/// <summary>What the jobs of these tests would run (they never do).</summary>
public static class GitHubWork
{
    public static void CallGitHub()
    {
    }
}
