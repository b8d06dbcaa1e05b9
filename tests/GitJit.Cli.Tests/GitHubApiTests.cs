using GitJit.Cli.GitHub;

namespace GitJit.Cli.Tests;

/// <summary>The CLI's GitHub calls against the fake, whose answers follow GitHub's REST documentation.</summary>
public sealed class GitHubApiTests
{
    [Fact]
    public async Task OpeningAPullRequestTwice_IsRefusedWithGitHubsMessage()
    {
        await using var remote = await AccessRemote.StartAsync();
        var api = Api(remote, "bob");
        remote.PushBranchByHand("bob-fix", "access-requests/orders-db/bob-fix.yaml", "requester: bob\n");

        var (number, htmlUrl) = await api.OpenPullRequestAsync("acme", "access", "Fix", "bob-fix", "main", "body");
        var again = await Assert.ThrowsAsync<GitHubApiException>(() => api.OpenPullRequestAsync("acme", "access", "Fix", "bob-fix", "main", "body"));

        Assert.Equal((1, $"{remote.GitHub.WebUrl}acme/access/pull/1"), (number, htmlUrl));
        Assert.Equal("GitHub answered 422 Unprocessable Entity to POST /repos/acme/access/pulls: Validation Failed (A pull request already exists for acme:bob-fix.)", again.Message);
    }

    [Theory]
    [InlineData("no-such-branch", "main", "(PullRequest.head: invalid)")]
    [InlineData("bob-fix", "no-such-base", "(PullRequest.base: invalid)")]
    [InlineData("main", "main", "(No commits between main and main)")]
    public async Task APullRequestGitHubCannotOpen_IsRefusedWithTheFieldAtFault(string head, string baseBranch, string expected)
    {
        await using var remote = await AccessRemote.StartAsync();
        remote.PushBranchByHand("bob-fix", "access-requests/orders-db/bob-fix.yaml", "requester: bob\n");

        var refused = await Assert.ThrowsAsync<GitHubApiException>(() => Api(remote, "bob").OpenPullRequestAsync("acme", "access", "Fix", head, baseBranch, "body"));

        Assert.EndsWith("Validation Failed " + expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PendingRequests_AreOpenPullRequestsAddingRequestFiles_ReadAtTheirHead()
    {
        await using var remote = await AccessRemote.StartAsync();
        var api = Api(remote, "bob");
        remote.PushBranchByHand("bob-fix", "access-requests/orders-db/bob-fix.yaml", "requester: bob\nresource: orders-db\nrole: write\nduration: 30m\n");
        remote.PushBranchByHand("policy", "policies/orders-db.yaml", "resource: orders-db\n");
        await api.OpenPullRequestAsync("acme", "access", "Fix", "bob-fix", "main", "");
        await api.OpenPullRequestAsync("acme", "access", "Policy", "policy", "main", "");

        var pending = await api.PendingRequestsAsync("acme", "access", CancellationToken.None);

        var request = Assert.Single(pending);
        Assert.Equal(new PendingRequest(1, $"{remote.GitHub.WebUrl}acme/access/pull/1", "bob", "access-requests/orders-db/bob-fix.yaml", "bob", "orders-db", "write", "30m"), request);
    }

    private static GitHubApi Api(AccessRemote remote, string login)
    {
        var variables = new Dictionary<string, string> { ["GITHUB_TOKEN"] = remote.GitHub.CreatePersonalAccessToken(login) };
        return new GitHubApi(remote.GitHub.ApiUrl, GitHubToken.Find(CliEnvironment.Of(variables, remote.Home), "unused")!);
    }
}
