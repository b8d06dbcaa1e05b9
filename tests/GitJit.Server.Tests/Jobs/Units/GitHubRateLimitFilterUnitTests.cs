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
/// The rate-limit filter in Hangfire's own state machine (a storage of its own, only this filter), on a fake clock: when a
/// job GitHub turned away is due again, and when the waiting stops.
/// </summary>
public sealed class GitHubRateLimitFilterUnitTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, 500, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryStorage storage;
    private readonly BackgroundJobClient client;

    public GitHubRateLimitFilterUnitTests()
    {
        storage = new InMemoryStorage();
        var filters = new JobFilterCollection();
        filters.Add(new GitHubRetryFilter(time));
        client = new BackgroundJobClient(storage, filters);
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

    [Fact]
    public void OtherFailures_AreLeftToTheRetries()
    {
        Assert.Equal(FailedState.StateName, Fail(NewJob(), new NotFoundException("Not Found", HttpStatusCode.NotFound)).Name);
        Assert.Equal(FailedState.StateName, Fail(NewJob(), new TimeoutException()).Name);
    }

    private string NewJob() => client.Create(Job.FromExpression(() => RateLimitedWork.CallGitHub()), new ScheduledState(Now.AddDays(1).UtcDateTime));

    private Hangfire.Storage.StateData Fail(string job, Exception exception)
    {
        client.ChangeState(job, new FailedState(exception), expectedState: null);
        using var connection = storage.GetConnection();
        return connection.GetStateData(job);
    }

    private static DateTime EnqueueAt(Hangfire.Storage.StateData state) => JobHelper.DeserializeDateTime(state.Data["EnqueueAt"]);

    private static GitHubResponse Response(HttpStatusCode status, params (string Name, string Value)[] headers) =>
        new(status, """{"message":"You have exceeded a rate limit."}""", headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>A response as Octokit's connection hands it to its exceptions (Octokit's own class is internal).</summary>
    private sealed record GitHubResponse(HttpStatusCode StatusCode, object Body, IReadOnlyDictionary<string, string> Headers) : IResponse
    {
        public ApiInfo ApiInfo => new(new Dictionary<string, Uri>(), [], [], "", new RateLimit(Headers.ToDictionary()));

        public string ContentType => "application/json";
    }
}

/// <summary>What the jobs of these tests would run (they never do).</summary>
public static class RateLimitedWork
{
    public static void CallGitHub()
    {
    }
}
