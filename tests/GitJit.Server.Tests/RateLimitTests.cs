using System.Net;
using GitJit.Server.Jobs;
using GitJit.Testing;
using Octokit;

namespace GitJit.Server.Tests;

/// <summary>A job GitHub turns away for its rate limit waits for the reset, not for Hangfire's back-off.</summary>
public sealed class RateLimitTests : ServerFlowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ARateLimitedEvaluation_RunsAgainWhenTheLimitResets()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        var reset = TimeProvider.System.GetUtcNow().AddSeconds(2);
        World.GitHub.LimitRate(requests: 1, reset);
        var waited = System.Diagnostics.Stopwatch.StartNew();

        await DeliverAsync("pull_request", "opened", pullRequest);
        var check = await World.CheckRunAsync(Server, pullRequest.HeadSha, 1);

        // Hangfire's own first retry comes 15 to 45 s later; the rate-limit wait ends at the reset (+1 s).
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        Assert.Equal("action_required", check.Conclusion);
        Assert.Equal(0, Server.Jobs.GetMonitoringApi().GetStatistics().Failed);
    }

    [Fact]
    public void ThePrimaryLimit_WaitsUntilItsReset()
    {
        var reset = Now.AddMinutes(10);
        var exception = new RateLimitExceededException(Response(HttpStatusCode.Forbidden, "API rate limit exceeded for installation ID 7.",
            ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1), GitHubRetryFilter.RateLimitWait(exception, Now));
    }

    [Fact]
    public void TheSecondaryLimit_WaitsRetryAfter_OrAMinute()
    {
        var told = new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden, "You have exceeded a secondary rate limit.", ("Retry-After", "30")));
        var untold = new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden, "You have exceeded a secondary rate limit."));

        Assert.Equal(TimeSpan.FromSeconds(30), GitHubRetryFilter.RateLimitWait(told, Now));
        Assert.Equal(TimeSpan.FromMinutes(1), GitHubRetryFilter.RateLimitWait(untold, Now));
    }

    [Fact]
    public void OtherFailures_AreLeftToTheRetries()
    {
        Assert.Null(GitHubRetryFilter.RateLimitWait(new NotFoundException("Not Found", HttpStatusCode.NotFound), Now));
        Assert.Null(GitHubRetryFilter.RateLimitWait(new TimeoutException(), Now));
        Assert.Null(GitHubRetryFilter.RateLimitWait(null, Now));
    }

    private Task<HttpResponseMessage> DeliverAsync(string eventName, string action, GitJit.Sandbox.GitHub.FakePullRequest pullRequest) =>
        Server.DeliverAsync(eventName, World.Payload(eventName, action, pullRequest), FlowWorld.Secret);

    private static GitHubResponse Response(HttpStatusCode status, string message, params (string Name, string Value)[] headers) =>
        new(status, $$"""{"message":"{{message}}"}""", headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>A response as Octokit's connection hands it to its exceptions (Octokit's own class is internal).</summary>
    private sealed record GitHubResponse(HttpStatusCode StatusCode, object Body, IReadOnlyDictionary<string, string> Headers) : IResponse
    {
        public ApiInfo ApiInfo => new(new Dictionary<string, Uri>(), [], [], "", new RateLimit(Headers.ToDictionary()));

        public string ContentType => "application/json";
    }
}
