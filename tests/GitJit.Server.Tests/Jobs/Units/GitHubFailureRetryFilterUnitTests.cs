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
/// The quick retries of passing GitHub failures in Hangfire's own state machine (a storage of its own, the GitHub retry
/// filter as the server has it), on a fake clock: which failures come back within seconds, and when they stop.
/// </summary>
public sealed class GitHubFailureRetryFilterUnitTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryStorage storage;
    private readonly BackgroundJobClient client;

    public GitHubFailureRetryFilterUnitTests()
    {
        storage = new InMemoryStorage();
        client = new BackgroundJobClient(storage, new JobFilterCollection { new GitHubRetryFilter(time) });
    }

    public void Dispose() => storage.Dispose();

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
    public void ARateLimit_IsStillWaitedOutUntilItResets()
    {
        var state = Fail(NewJob(), new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden, ("Retry-After", "30"))));

        Assert.Equal(Now.AddSeconds(30).UtcDateTime, EnqueueAt(state));
        Assert.StartsWith("GitHub rate limit", state.Reason, StringComparison.Ordinal);
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

    private string NewJob() => client.Create(Job.FromExpression(() => RateLimitedWork.CallGitHub()), new ScheduledState(Now.AddDays(1).UtcDateTime));

    private Hangfire.Storage.StateData Fail(string job, Exception exception)
    {
        client.ChangeState(job, new FailedState(exception), expectedState: null);
        using var connection = storage.GetConnection();
        return connection.GetStateData(job);
    }

    private static DateTime EnqueueAt(Hangfire.Storage.StateData state) => JobHelper.DeserializeDateTime(state.Data["EnqueueAt"]);

    private static GitHubResponse Response(HttpStatusCode status, params (string Name, string Value)[] headers) =>
        new(status, """{"message":"Server Error"}""", headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>A response as Octokit's connection hands it to its exceptions (Octokit's own class is internal).</summary>
    private sealed record GitHubResponse(HttpStatusCode StatusCode, object Body, IReadOnlyDictionary<string, string> Headers) : IResponse
    {
        public ApiInfo ApiInfo => new(new Dictionary<string, Uri>(), [], [], "", new RateLimit(Headers.ToDictionary()));

        public string ContentType => "application/json";
    }
}
