using GitJit.Testing.FakeGitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class PullRequestTests
{
    [Fact]
    public async Task Get_OpenPullRequest_DeserializesHeadBaseAndAuthor()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["README.md"] = "hi\n" });
        var headSha = repository.Commit(new Dictionary<string, string> { ["README.md"] = "hi\n", ["access-requests/a.yaml"] = "role: dba\n" }, baseSha);
        var opened = repository.OpenPullRequest("alice", baseSha, headSha, "Grant alice dba");

        var pullRequest = await client.PullRequest.Get("acme", "access", opened.Number);

        Assert.Equal(1, pullRequest.Number);
        Assert.Equal(ItemState.Open, pullRequest.State.Value);
        Assert.Equal("Grant alice dba", pullRequest.Title);
        Assert.Equal("alice", pullRequest.User.Login);
        Assert.Equal(headSha, pullRequest.Head.Sha);
        Assert.Equal(baseSha, pullRequest.Base.Sha);
        Assert.Equal("main", pullRequest.Base.Ref);
        Assert.Equal("acme/access", pullRequest.Base.Repository.FullName);
        Assert.False(pullRequest.Merged);
        Assert.Equal(1, pullRequest.ChangedFiles);
    }

    [Fact]
    public async Task Get_AfterPushAndMerge_ShowsNewHeadAndMergeCommit()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var first = repository.Commit(new Dictionary<string, string> { ["a"] = "2" }, baseSha);
        var second = repository.Commit(new Dictionary<string, string> { ["a"] = "3" }, first);
        var opened = repository.OpenPullRequest("alice", baseSha, first);
        opened.Push(second);
        var merge = repository.Commit(new Dictionary<string, string> { ["a"] = "3" }, baseSha);
        opened.Merge(merge);

        var pullRequest = await client.PullRequest.Get("acme", "access", opened.Number);

        Assert.Equal(second, pullRequest.Head.Sha);
        Assert.Equal(ItemState.Closed, pullRequest.State.Value);
        Assert.True(pullRequest.Merged);
        Assert.Equal(merge, pullRequest.MergeCommitSha);
    }

    [Fact]
    public async Task Get_UnknownPullRequest_IsNotFound()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        server.AddRepository("acme", "access");

        await Assert.ThrowsAsync<NotFoundException>(() => client.PullRequest.Get("acme", "access", 7));
    }

    [Fact]
    public async Task Files_With120ChangedFiles_ArePagedAndAllReturned()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string>());
        var files = Enumerable.Range(0, 120).ToDictionary(i => $"access-requests/r{i:D3}.yaml", i => $"role: r{i}\n");
        var headSha = repository.Commit(files, baseSha);
        repository.OpenPullRequest("alice", baseSha, headSha);

        var byDefault = await client.PullRequest.Files("acme", "access", 1);
        var inFifties = await client.PullRequest.Files("acme", "access", 1, new ApiOptions { PageSize = 50 });
        var firstPage = await client.PullRequest.Files("acme", "access", 1, new ApiOptions { PageSize = 50, PageCount = 1 });

        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), byDefault.Select(f => f.FileName));
        Assert.Equal(120, inFifties.Select(f => f.FileName).Distinct().Count());
        Assert.Equal(50, firstPage.Count);
        Assert.All(byDefault, f => Assert.Equal(("added", 1, 0), (f.Status, f.Additions, f.Deletions)));
    }

    [Fact]
    public async Task Files_ReportAddedModifiedRemovedAndRenamed()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["keep"] = "a\nb\n", ["gone"] = "x\n", ["old-name"] = "same\n" });
        var headSha = repository.Commit(new Dictionary<string, string> { ["keep"] = "a\nc\nd\n", ["new"] = "n\n", ["new-name"] = "same\n" }, baseSha);
        repository.OpenPullRequest("alice", baseSha, headSha);

        var files = (await client.PullRequest.Files("acme", "access", 1)).ToDictionary(f => f.FileName);

        Assert.Equal(("modified", 2, 1, 3), (files["keep"].Status, files["keep"].Additions, files["keep"].Deletions, files["keep"].Changes));
        Assert.Equal("added", files["new"].Status);
        Assert.Equal(("removed", 1), (files["gone"].Status, files["gone"].Deletions));
        Assert.Equal("renamed", files["new-name"].Status);
        Assert.Equal("old-name", files["new-name"].PreviousFileName);
    }

    [Fact]
    public async Task ReviewGetAll_ReturnsReviewsPinnedToTheirCommits()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var first = repository.Commit(new Dictionary<string, string> { ["a"] = "2" }, baseSha);
        var second = repository.Commit(new Dictionary<string, string> { ["a"] = "3" }, first);
        var opened = repository.OpenPullRequest("alice", baseSha, first);
        var approvalId = opened.AddReview("bob", "APPROVED");
        opened.Push(second);
        opened.AddReview("carol", "CHANGES_REQUESTED");

        var reviews = await client.PullRequest.Review.GetAll("acme", "access", opened.Number);

        Assert.Equal(2, reviews.Count);
        Assert.Equal((approvalId, "bob", PullRequestReviewState.Approved, first), (reviews[0].Id, reviews[0].User.Login, reviews[0].State.Value, reviews[0].CommitId));
        Assert.Equal(("carol", PullRequestReviewState.ChangesRequested, second), (reviews[1].User.Login, reviews[1].State.Value, reviews[1].CommitId));
    }
}
