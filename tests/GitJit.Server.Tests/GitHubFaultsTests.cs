using System.Diagnostics;
using System.Net;
using GitJit.Core.Audit;
using GitJit.Core.Rendering;
using GitJit.Server.Grants;
using GitJit.Server.Intake;
using GitJit.Server.Tests.GitHubFaults;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>
/// GitHub answering with faults on each route the bot depends on, one fault per row, injected in the step of an access
/// pull request's life that calls the route: it is opened, approved and merged all the same. The check run and the
/// plan comment appear once per evaluation, the merge is granted exactly once (one record, one comment), no job ends
/// Failed, and every step is over within seconds, long before Hangfire's own first retry (15 to 45 s).
/// </summary>
public abstract class GitHubFaultsTests(GitHubFaultsWorld faults)
{
    /// <summary>How long a step may take, faults and their waits included; Hangfire's own first retry comes later.</summary>
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(14);

    private FlowWorld World => faults.World;

    private ServerUnderTest Server => faults.Server;

    private protected static TheoryData<string> Routes(Func<GitHubRoute, bool> which) => [.. GitHubRoutes.All.Where(which).Select(r => r.Name)];

    /// <summary>Opens, approves and merges a request while <paramref name="route"/> answers its first call of its step with <paramref name="fault"/>.</summary>
    protected async Task RunAsync(string route, GitHubFault fault)
    {
        var faulty = GitHubRoutes.Named(route);
        World.Repository.SetBranch("main", World.BaseSha);
        var pullRequest = World.Open(Requests.AliceReadOnly);

        await StepAsync(faulty, FlowStep.Open, fault, () => DeliverAsync("pull_request", "opened", pullRequest));
        Assert.Equal(["action_required"], CheckRuns(pullRequest));
        Assert.StartsWith(PlanMarkdown.Marker, Assert.Single(BotComments(pullRequest)).Body, StringComparison.Ordinal);

        pullRequest.AddReview("olga", "APPROVED");
        await StepAsync(faulty, FlowStep.Approve, fault, () => DeliverAsync("pull_request_review", "submitted", pullRequest));
        Assert.Equal(["action_required", "success"], CheckRuns(pullRequest));
        Assert.Contains("✅ `@olga` approved", Assert.Single(BotComments(pullRequest)).Body, StringComparison.Ordinal);

        pullRequest.Merge(FakeMergeMethod.Squash);
        await StepAsync(faulty, FlowStep.Merge, fault, () => DeliverAsync("pull_request", "closed", pullRequest));
        var record = Assert.Single(faults.Audit.All, r => r.PullRequest == pullRequest.Number);
        Assert.Equal((AuditEvent.Granted, pullRequest.MergeCommitSha), (record.Event, record.MergeCommit));
        Assert.Single(faults.Provider.Active, a => a.GrantId == record.Request);
        var comments = BotComments(pullRequest);
        Assert.Equal(2, comments.Count);
        Assert.Single(comments, c => c.Body.StartsWith(PlanMarkdown.Marker, StringComparison.Ordinal));
        Assert.Single(comments, c => c.Body.Contains("🔑 Granted", StringComparison.Ordinal));
        Assert.Equal(["action_required", "success"], CheckRuns(pullRequest));

        Assert.Equal(0, Server.Jobs.GetMonitoringApi().GetStatistics().Failed);
        var tokens = World.GitHub.Secrets.Where(s => s.What == "installation token").Select(s => s.Value).ToList();
        Assert.DoesNotContain(faults.Logs.All, line => tokens.Any(t => line.Contains(t, StringComparison.Ordinal)));
    }

    /// <summary>
    /// Does <paramref name="act"/>, with the fault injected when it is <paramref name="route"/>'s step, and waits until
    /// every job it caused is done; the fault must have been answered. A fault in minting a token needs a token to be
    /// minted: the one the server holds is revoked first.
    /// </summary>
    private async Task StepAsync(GitHubRoute route, FlowStep step, GitHubFault fault, Func<Task> act)
    {
        if (step != route.Step)
        {
            await act();
            await DoneAsync();
            return;
        }
        using var revoked = route.Name == GitHubRoutes.InstallationToken
            ? World.GitHub.Fail((_, path) => path.StartsWith("/api/v3/repos/", StringComparison.Ordinal), 1, GitHubFault.TokenRevoked())
            : null;
        using var injected = World.GitHub.Fail(route.Matches, 1, fault);
        await act();
        await DoneAsync();
        Assert.Equal(1, injected.Answered);
    }

    private async Task DeliverAsync(string eventName, string action, FakePullRequest pullRequest)
    {
        using var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, eventName, World.Payload(eventName, action, pullRequest), FlowWorld.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Waits until every delivery is queued and every job has finished, retries included: nothing enqueued, processing
    /// or scheduled but revocations at expiry and the reminders before it; seen at rest twice in a row.
    /// </summary>
    private async Task DoneAsync()
    {
        var inbox = Server.Services.GetRequiredService<IWebhookInbox>();
        var monitoring = Server.Jobs.GetMonitoringApi();
        var waited = Stopwatch.StartNew();
        for (var atRest = 0; atRest < 2; atRest = Busy() ? 0 : atRest + 1)
        {
            Assert.True(waited.Elapsed < StepLimit, $"jobs still running or waiting to be retried after {StepLimit.TotalSeconds} s\n" + Server.JobTroubles());
            await Task.Delay(100);
        }

        bool Busy() =>
            inbox.Pending > 0
            || monitoring.GetStatistics() is { Enqueued: > 0 } or { Processing: > 0 }
            || monitoring.ScheduledJobs(0, 1000).Any(j => j.Value.Job?.Type != typeof(RevokeJob) && j.Value.Job?.Type != typeof(ExpiryReminderJob));
    }

    private List<string?> CheckRuns(FakePullRequest pullRequest) =>
        [.. World.GitHub.CheckRuns.Where(c => c.HeadSha == pullRequest.HeadSha).Select(c => c.Conclusion)];

    private List<FakeComment> BotComments(FakePullRequest pullRequest) =>
        [.. World.Repository.Comments(pullRequest.Number).Where(c => c.Author == World.App.BotLogin)];
}

/// <summary>GitHub answers 500 before doing anything.</summary>
public sealed class ServerErrorTests(GitHubFaultsWorld faults) : GitHubFaultsTests(faults), IClassFixture<GitHubFaultsWorld>
{
    public static TheoryData<string> All => Routes(_ => true);

    [Theory]
    [MemberData(nameof(All))]
    public Task AServerError_IsRetriedWithinSeconds_AndEverythingHappensOnce(string route) => RunAsync(route, GitHubFault.ServerError(500));
}

/// <summary>GitHub carries a write out, then answers 502: the retry must find what was written.</summary>
public sealed class ServerErrorAfterTheWorkTests(GitHubFaultsWorld faults) : GitHubFaultsTests(faults), IClassFixture<GitHubFaultsWorld>
{
    public static TheoryData<string> Writes => Routes(r => r.Writes);

    [Theory]
    [MemberData(nameof(Writes))]
    public Task AWriteDoneButAnswered502_IsNotDoneTwice(string route) => RunAsync(route, GitHubFault.ServerErrorAfterWork(502));
}

/// <summary>GitHub revokes the installation token the server holds, long before its expires_at.</summary>
public sealed class RevokedTokenTests(GitHubFaultsWorld faults) : GitHubFaultsTests(faults), IClassFixture<GitHubFaultsWorld>
{
    public static TheoryData<string> WithToken => Routes(r => r.Name != GitHubRoutes.InstallationToken);

    [Theory]
    [MemberData(nameof(WithToken))]
    public Task ARevokedToken_IsReplacedByANewOne_AndEverythingHappensOnce(string route) => RunAsync(route, GitHubFault.TokenRevoked());
}

/// <summary>GitHub's secondary rate limit, with Retry-After.</summary>
public sealed class SecondaryRateLimitTests(GitHubFaultsWorld faults) : GitHubFaultsTests(faults), IClassFixture<GitHubFaultsWorld>
{
    public static TheoryData<string> All => Routes(_ => true);

    [Theory]
    [MemberData(nameof(All))]
    public Task ASecondaryLimit_IsWaitedOut_AndEverythingHappensOnce(string route) => RunAsync(route, GitHubFault.SecondaryRateLimit(TimeSpan.FromSeconds(1)));
}

/// <summary>GitHub's primary rate limit, used up until its reset.</summary>
public sealed class PrimaryRateLimitTests(GitHubFaultsWorld faults) : GitHubFaultsTests(faults), IClassFixture<GitHubFaultsWorld>
{
    public static TheoryData<string> All => Routes(_ => true);

    [Theory]
    [MemberData(nameof(All))]
    public Task APrimaryLimit_IsWaitedOut_AndEverythingHappensOnce(string route) => RunAsync(route, GitHubFault.PrimaryRateLimit(TimeSpan.FromSeconds(1)));
}
