using GitJit.Core;
using GitJit.Core.Decisions;
using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests;

public sealed class CheckRunPublisherTests
{
    [Theory]
    [InlineData(DecisionStatus.Approved, "success")]
    [InlineData(DecisionStatus.AwaitingApproval, "action_required")]
    [InlineData(DecisionStatus.Refused, "failure")]
    public void Conclusion_FollowsTheDecision(DecisionStatus status, string conclusion)
    {
        Assert.Equal(conclusion, new StringEnum<CheckConclusion>(CheckRunPublisher.Conclusion(status)).StringValue);
    }
}

/// <summary>The check run through the real client against the fake GitHub: published once per thing it says, whatever GitHub answered.</summary>
public sealed class CheckRunPublishingTests
{
    private const long AppId = 6160;

    [Fact]
    public async Task TheSameDecisionPublishedTwice_IsOneRun()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (clients, pullRequest) = await PullRequestAsync(server);
        using var owned = clients;
        var client = await clients.ForInstallationAsync(61, CancellationToken.None);

        var first = await CheckRunPublisher.PublishAsync(client, AppId, pullRequest, Refused(3), CancellationToken.None);
        var again = await CheckRunPublisher.PublishAsync(client, AppId, pullRequest, Refused(3), CancellationToken.None);
        var other = await CheckRunPublisher.PublishAsync(client, AppId, pullRequest, Refused(4), CancellationToken.None);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal([3, 4], server.CheckRuns.Select(r => r.Annotations.Count));
    }

    [Fact]
    public async Task ACreateGitHubCarriedOutButAnswered502_IsNotMadeAgain_AndItsAnnotationsAreCompleted()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (clients, pullRequest) = await PullRequestAsync(server);
        using var owned = clients;
        var client = await clients.ForInstallationAsync(61, CancellationToken.None);
        using (server.Fail((method, path) => method == "POST" && path.EndsWith("/check-runs", StringComparison.Ordinal), 1, GitHubFault.ServerErrorAfterWork()))
        {
            await Assert.ThrowsAsync<ApiException>(() => CheckRunPublisher.PublishAsync(client, AppId, pullRequest, Refused(120), CancellationToken.None));
        }
        using (server.Fail((method, _) => method == "PATCH", 1, GitHubFault.ServerErrorAfterWork()))
        {
            await Assert.ThrowsAsync<ApiException>(() => CheckRunPublisher.PublishAsync(client, AppId, pullRequest, Refused(120), CancellationToken.None));
        }

        await CheckRunPublisher.PublishAsync(client, AppId, pullRequest, Refused(120), CancellationToken.None);

        var run = Assert.Single(server.CheckRuns);
        Assert.Equal(Enumerable.Range(1, 120), run.Annotations.Select(a => a.StartLine));
    }

    [Fact]
    public async Task ARunOfAnotherApp_SayingTheSame_IsNotTakenForOurs()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var (clients, pullRequest) = await PullRequestAsync(server);
        using var owned = clients;
        var client = await clients.ForInstallationAsync(61, CancellationToken.None);
        await CheckRunPublisher.PublishAsync(client, AppId, pullRequest, Refused(1), CancellationToken.None);

        await CheckRunPublisher.PublishAsync(client, AppId + 1, pullRequest, Refused(1), CancellationToken.None);

        Assert.Equal(2, server.CheckRuns.Count);
    }

    private static PullRequestDecision Refused(int problems) => new(
        DecisionStatus.Refused,
        [.. Enumerable.Range(1, problems).Select(line => Finding.Error("access-requests/orders-db/a.yaml", new SourcePosition(line, 1), "request.problem", $"problem {line}"))],
        null);

    private static async Task<(GitHubAppClients Clients, PullRequestContext PullRequest)> PullRequestAsync(FakeGitHubServer server)
    {
        var app = server.RegisterApp(AppId);
        app.AddInstallation(61, "acme");
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["access-requests/orders-db/a.yaml"] = "x: 1\n" });
        repository.OpenPullRequest("alice", sha, sha);
        var clients = new GitHubAppClients(new GitHubOptions { AppId = AppId, PrivateKey = app.PrivateKeyPem, ApiUrl = server.ApiUrl }, TimeProvider.System);
        var context = new PullRequestContext("acme", "access", 1, sha, sha, "https://github.example/acme/access/pull/1", null,
            new PullRequestFacts("alice", sha, [], []), "main", "main", 1);
        return (clients, context);
    }
}
