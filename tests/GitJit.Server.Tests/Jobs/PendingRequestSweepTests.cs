using System.Net;
using System.Text.Json.Nodes;
using GitJit.Core.Audit;
using GitJit.Server.Grants;
using GitJit.Server.Jobs;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GitJit.Server.Tests.Jobs;

/// <summary>
/// Pending requests expire: the real server's sweep, over real HTTP, against the fake GitHub, both on one fake clock.
/// The example orders-db policy says <c>requestsExpireAfter: 2d</c>; analytics-db says nothing (7 days).
/// </summary>
public sealed class PendingRequestSweepTests : IAsyncLifetime
{
    private const string UnknownResourcePath = "access-requests/payments-db/alice.yaml";
    private readonly FakeTimeProvider time = new(TimeProvider.System.GetUtcNow());
    private readonly RecordingProvisioning provisioning = new();
    private FlowWorld world = null!;
    private ServerUnderTest server = null!;
    private PendingRequestSweep sweep = null!;

    public async Task InitializeAsync()
    {
        world = await FlowWorld.CreateAsync(time, ("policies/orders-db.yaml", "\nroles:\n", "\nrequestsExpireAfter: 2d\nroles:\n"));
        server = await ServerUnderTest.StartAsync(world.Settings(), services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<GitJit.Core.Decisions.IGrantProvisioning>(provisioning);
        });
        // Nothing was granted here yet: the access repository is found among the installation's repositories.
        sweep = server.Services.GetRequiredService<PendingRequestSweep>();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task RequestOlderThanItsPolicysLimit_IsClosedWithOneComment_AndASecondSweepChangesNothing()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(1));

        await sweep.RunAsync(CancellationToken.None);
        await sweep.RunAsync(CancellationToken.None);

        Assert.False(pullRequest.IsOpen);
        Assert.False(pullRequest.IsMerged);
        Assert.Equal(1, world.GitHub.Requests("PATCH", $"/repos/acme/access/pulls/{pullRequest.Number}"));
        var comment = Assert.Single(world.Repository.Comments(pullRequest.Number));
        Assert.Equal("gitjit[bot]", comment.Author);
        Assert.StartsWith("<!-- gitjit:expired-", comment.Body, StringComparison.Ordinal);
        Assert.Contains("It was open for **2 days** without being merged, and `policies/orders-db.yaml` closes pending requests after **2d** (`requestsExpireAfter`). Nothing was granted.",
            comment.Body, StringComparison.Ordinal);
        Assert.Contains("open a new pull request with the request, or reopen this one", comment.Body, StringComparison.Ordinal);
        Assert.Equal([("closed", "gitjit[bot]")], pullRequest.Events.Select(e => (e.Event, e.Actor)));
    }

    [Fact]
    public async Task RequestYoungerThanItsLimit_IsLeftOpen()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));

        await sweep.RunAsync(CancellationToken.None);

        Assert.True(pullRequest.IsOpen);
        Assert.Empty(world.Repository.Comments(pullRequest.Number));
        Assert.Equal(0, world.GitHub.Requests("PATCH", $"/repos/acme/access/pulls/{pullRequest.Number}"));
    }

    [Fact]
    public async Task EachRequest_WaitsForItsOwnPolicysLimit_AndOneNamingAnUnknownResource_ForTheDefaultSevenDays()
    {
        var orders = world.Open(Requests.AliceReadOnly);
        var unknown = world.Open(UnknownResourcePath, Requests.AliceWith("resource", "payments-db"));

        time.Advance(TimeSpan.FromDays(3));
        await sweep.RunAsync(CancellationToken.None);

        Assert.False(orders.IsOpen);
        Assert.True(unknown.IsOpen);
        time.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        await sweep.RunAsync(CancellationToken.None);
        Assert.False(unknown.IsOpen);
        Assert.Contains("It was open for **7 days** without being merged, and GitJit closes pending requests after **7d** when their policy cannot be read.",
            Assert.Single(world.Repository.Comments(unknown.Number)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullRequestThatAddsNoAccessRequest_IsNeverClosed()
    {
        var other = world.Open("README.md", "A pull request about something else.\n");
        time.Advance(TimeSpan.FromDays(60));

        await sweep.RunAsync(CancellationToken.None);

        Assert.True(other.IsOpen);
        Assert.Empty(world.Repository.Comments(other.Number));
    }

    [Fact]
    public async Task RepositoryWithoutPolicies_IsNotSwept_AndOneKnownFromAGrant_IsSweptThoughItsInstallationDoesNotListIt()
    {
        var website = world.GitHub.AddRepository("acme", "website");
        var baseSha = website.Commit(new FakeTree().With("README.md", "The website.\n"));
        var lookalike = website.OpenPullRequest("alice", baseSha, website.CommitWithParents(website.TreeAt(baseSha).Clone().With(Requests.AlicePath, Requests.AliceReadOnly), baseSha));
        var elsewhere = world.GitHub.AddRepository("globex", "access");
        var elsewhereBase = elsewhere.Commit(world.Repository.TreeAt(world.BaseSha).Clone());
        var granted = elsewhere.OpenPullRequest("alice", elsewhereBase, elsewhere.CommitWithParents(elsewhere.TreeAt(elsewhereBase).Clone().With(Requests.AlicePath, Requests.AliceReadOnly), elsewhereBase));
        await server.Services.GetRequiredService<AccessRepositories>().RememberAsync(
            new AuditLocation(FlowWorld.InstallationId, elsewhere.FullName, "unused", "main"), "main", CancellationToken.None);
        time.Advance(TimeSpan.FromDays(30));

        await sweep.RunAsync(CancellationToken.None);

        Assert.True(lookalike.IsOpen);
        Assert.Empty(website.Comments(lookalike.Number));
        Assert.False(granted.IsOpen);
    }

    [Fact]
    public async Task ReopenedRequest_HasItsWholeLimitAgain_ThenExpiresAgain_WithAComment()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(1));
        await sweep.RunAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(3));

        pullRequest.Reopen("alice");
        await sweep.RunAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        await sweep.RunAsync(CancellationToken.None);

        Assert.True(pullRequest.IsOpen);
        Assert.Single(world.Repository.Comments(pullRequest.Number));
        time.Advance(TimeSpan.FromMinutes(2));
        await sweep.RunAsync(CancellationToken.None);
        Assert.False(pullRequest.IsOpen);
        var comments = world.Repository.Comments(pullRequest.Number);
        Assert.Equal(2, comments.Count);
        Assert.NotEqual(comments[0].Body.Split('\n')[0], comments[1].Body.Split('\n')[0]);
        Assert.Equal(["closed", "reopened", "closed"], pullRequest.Events.Select(e => e.Event));
    }

    [Fact]
    public async Task GitHubFailingOnOnePullRequest_DoesNotKeepTheOthersFromClosing_AndTheNextSweepClosesIt()
    {
        var first = world.Open(Requests.AliceReadOnly);
        var second = world.Open(Requests.AliceWith("duration", "1h"));
        var third = world.Open(Requests.AliceWith("duration", "3h"));
        world.GitHub.Fail((method, path) => method == "PATCH" && path.EndsWith($"/pulls/{first.Number}", StringComparison.Ordinal), 1, GitHubFault.ServerError(502));
        world.GitHub.Fail((method, path) => method == "GET" && path.EndsWith($"/pulls/{second.Number}/files", StringComparison.Ordinal), 1, GitHubFault.ServerError(500));
        time.Advance(TimeSpan.FromDays(3));

        await sweep.RunAsync(CancellationToken.None);

        Assert.Equal((true, true, false), (first.IsOpen, second.IsOpen, third.IsOpen));
        await sweep.RunAsync(CancellationToken.None);
        Assert.Equal((false, false, false), (first.IsOpen, second.IsOpen, third.IsOpen));
        Assert.All([first, second, third], p => Assert.Single(world.Repository.Comments(p.Number)));
    }

    [Fact]
    public async Task SweepRunningElsewhere_OrAJobOnThePullRequest_LeavesItForTheNextSweep()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        time.Advance(TimeSpan.FromDays(3));
        var locks = server.Services.GetRequiredService<JobLocks>();

        await using (await locks.TryAcquireAsync(PendingRequestSweep.LockName, TimeSpan.Zero, CancellationToken.None))
        {
            await sweep.RunAsync(CancellationToken.None);
        }
        Assert.True(pullRequest.IsOpen);
        await using (await locks.TryAcquireAsync("acme", "access", pullRequest.Number, TimeSpan.Zero, CancellationToken.None))
        {
            await sweep.RunAsync(CancellationToken.None);
        }
        Assert.True(pullRequest.IsOpen);
        Assert.Empty(world.Repository.Comments(pullRequest.Number));

        await sweep.RunAsync(CancellationToken.None);
        Assert.False(pullRequest.IsOpen);
    }

    [Fact]
    public async Task ClosedExpiredRequest_IsNeverGranted_EvenWhenAClosedEventSaysItWasMerged()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        time.Advance(TimeSpan.FromDays(3));
        await sweep.RunAsync(CancellationToken.None);

        var payload = JsonNode.Parse(world.Payload("pull_request", "closed", pullRequest))!;
        payload["pull_request"]!["merged"] = true;
        payload["pull_request"]!["merge_commit_sha"] = pullRequest.HeadSha;
        using var response = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request", payload.ToJsonString(), FlowWorld.Secret);
        await server.JobsDoneAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(provisioning.Orders);
        Assert.Empty(provisioning.Refusals);
    }

    [Fact]
    public void Sweep_IsOneRecurringJob_HourlyByDefault()
    {
        Assert.Equal(Cron.Hourly(), RecurringSweep(server).Cron);
    }

    [Theory]
    [InlineData("00:15:00", "*/15 * * * *")]
    [InlineData("06:00:00", "0 */6 * * *")]
    [InlineData("1.00:00:00", "0 0 * * *")]
    public void SweepInterval_IsKeptOnTheMinuteOrTheHour(string interval, string cron)
    {
        Assert.Equal(cron, new PendingRequestOptions { SweepInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }.Cron());
    }

    [Theory]
    [InlineData("00:07:00")]
    [InlineData("00:00:30")]
    [InlineData("05:00:00")]
    [InlineData("2.00:00:00")]
    public async Task SweepIntervalNoScheduleCanKeep_StopsTheServerAtStart_NamingTheSetting(string interval)
    {
        var settings = world.Settings();
        settings["GitJit:PendingRequests:SweepInterval"] = interval;

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerUnderTest.StartAsync(settings));

        Assert.Contains("GitJit:PendingRequests:SweepInterval", refused.Message, StringComparison.Ordinal);
    }

    private static RecurringJobDto RecurringSweep(ServerUnderTest server)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var connection = server.Jobs.GetConnection();
            if (connection.GetRecurringJobs().FirstOrDefault(j => j.Id == PendingRequestSweep.RecurringJobId) is { } job) return job;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the sweep was not scheduled within 10 s");
            Thread.Sleep(50);
        }
    }
}
