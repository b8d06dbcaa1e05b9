using GitJit.Sandbox.GitHub;
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

    [Theory]
    [InlineData(FakeMergeMethod.Merge, 2)]
    [InlineData(FakeMergeMethod.Squash, 1)]
    [InlineData(FakeMergeMethod.Rebase, 1)]
    public async Task MergeMethods_BuildTheCommitsGitHubBuilds_OntoTheBaseBranchsTip(FakeMergeMethod method, int parents)
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var first = repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }), baseSha);
        var second = repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" }), first);
        var opened = repository.OpenPullRequest("alice", baseSha, second);
        var moved = repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "1", ["m"] = "main moved" }), baseSha);
        repository.SetBranch("main", moved);

        var mergeSha = opened.Merge(method);

        var pullRequest = await client.PullRequest.Get("acme", "access", opened.Number);
        Assert.Equal((true, mergeSha, 2), (pullRequest.Merged, pullRequest.MergeCommitSha, pullRequest.Commits));
        var merge = await client.Repository.Commit.Get("acme", "access", mergeSha);
        Assert.Equal(parents, merge.Parents.Count);
        Assert.Equal(method == FakeMergeMethod.Merge ? [moved, second] : (string[])[merge.Parents[0].Sha], merge.Parents.Select(p => p.Sha));
        // The commit the merge was made onto: the first parent, or for a rebase the commit before the two replayed ones.
        var onto = method == FakeMergeMethod.Rebase ? (await client.Repository.Commit.Get("acme", "access", merge.Parents[0].Sha)).Parents[0].Sha : merge.Parents[0].Sha;
        Assert.Equal(moved, onto);
        var compare = await client.Repository.Commit.Compare("acme", "access", moved, mergeSha);
        Assert.Equal(("ahead", 0), (compare.Status, compare.BehindBy));
        Assert.Equal(new[] { ("b", "added"), ("c", "added") }, compare.Files.Select(f => (f.Filename, f.Status)));
        Assert.Equal(
            new[] { ("a", "1"), ("b", "2"), ("c", "3"), ("m", "main moved") },
            repository.TreeAt(mergeSha).Entries.Select(e => (e.Key, System.Text.Encoding.UTF8.GetString(e.Value.Content.Span))));
    }

    [Fact]
    public async Task Compare_OfARebasedStepAndBackwards_ShowsWhatGitHubShows()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var first = repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "2", ["b"] = "2" }), baseSha);
        var second = repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["b"] = "2" }), first);

        var step = await client.Repository.Commit.Compare("acme", "access", first, second);
        var backwards = await client.Repository.Commit.Compare("acme", "access", second, baseSha);

        Assert.Equal(("ahead", 1), (step.Status, step.AheadBy));
        Assert.Equal(new[] { ("a", "removed") }, step.Files.Select(f => (f.Filename, f.Status)));
        Assert.Equal(("behind", 2, 0), (backwards.Status, backwards.BehindBy, backwards.Files.Count));
        await Assert.ThrowsAsync<NotFoundException>(() => client.Repository.Commit.Compare("acme", "access", baseSha, new string('0', 40)));
    }

    [Fact]
    public async Task Merge_WhenTheBaseBranchChangedTheSameFile_IsAConflict()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var head = repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "2" }), baseSha);
        var pullRequest = repository.OpenPullRequest("alice", baseSha, head);
        repository.SetBranch("main", repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "3" }), baseSha));

        Assert.Throws<InvalidOperationException>(() => pullRequest.Merge(FakeMergeMethod.Squash));
        Assert.True(pullRequest.IsOpen);
    }

    [Fact]
    public async Task Branch_SaysWhetherItIsProtected_TheDefaultBranchByDefault()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        repository.SetBranch("prod", sha);

        var main = await client.Repository.Branch.Get("acme", "access", "main");
        var prod = await client.Repository.Branch.Get("acme", "access", "prod");
        repository.Protect("prod");
        repository.Unprotect("main");

        Assert.Equal(("main", sha, true), (main.Name, main.Commit.Sha, main.Protected));
        Assert.False(prod.Protected);
        Assert.True((await client.Repository.Branch.Get("acme", "access", "prod")).Protected);
        Assert.False((await client.Repository.Branch.Get("acme", "access", "main")).Protected);
        await Assert.ThrowsAsync<NotFoundException>(() => client.Repository.Branch.Get("acme", "access", "nope"));
    }

    [Fact]
    public async Task Get_FromAFork_HeadIsTheForkAndTheAuthorIsItsOwner()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var fork = server.AddFork(repository, "mallory");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var headSha = repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "2" }), baseSha);
        var opened = repository.OpenPullRequest("mallory", baseSha, headSha, headRef: "patch-1", headRepository: fork);

        var pullRequest = await client.PullRequest.Get("acme", "access", opened.Number);

        Assert.Equal(("mallory:patch-1", "mallory/access", true, AccountType.User), (pullRequest.Head.Label, pullRequest.Head.Repository.FullName, pullRequest.Head.Repository.Fork, pullRequest.Head.Repository.Owner.Type!.Value));
        Assert.Equal(("acme/access", false, AccountType.Organization), (pullRequest.Base.Repository.FullName, pullRequest.Base.Repository.Fork, pullRequest.Base.Repository.Owner.Type!.Value));
        Assert.Equal(headSha, pullRequest.Head.Sha);
    }

    [Fact]
    public async Task Get_ByAnAppsBotAccount_AuthorIsOfTypeBot()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var opened = repository.OpenPullRequest("deploy-helper[bot]", baseSha, repository.Commit(new Dictionary<string, string> { ["a"] = "2" }, baseSha));

        var pullRequest = await client.PullRequest.Get("acme", "access", opened.Number);

        Assert.Equal(("deploy-helper[bot]", AccountType.Bot), (pullRequest.User.Login, pullRequest.User.Type!.Value));
    }

    [Fact]
    public async Task ReviewGetAll_AfterADismissal_KeepsTheReviewAsDismissed()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var opened = repository.OpenPullRequest("alice", baseSha, repository.Commit(new Dictionary<string, string> { ["a"] = "2" }, baseSha));
        var approval = opened.AddReview("bob", "APPROVED");

        opened.DismissReview(approval);

        var review = Assert.Single(await client.PullRequest.Review.GetAll("acme", "access", opened.Number));
        Assert.Equal((approval, "bob", PullRequestReviewState.Dismissed, opened.HeadSha), (review.Id, review.User.Login, review.State.Value, review.CommitId));
    }

    [Fact]
    public async Task Get_ClosedThenReopened_IsOpenAgain_AndAMergedOneCannotReopen()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var opened = repository.OpenPullRequest("alice", baseSha, repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "2" }), baseSha));
        opened.Close();

        opened.Reopen();

        var pullRequest = await client.PullRequest.Get("acme", "access", opened.Number);
        Assert.Equal((ItemState.Open, (DateTimeOffset?)null), (pullRequest.State.Value, pullRequest.ClosedAt));
        opened.Merge(FakeMergeMethod.Squash);
        Assert.Throws<InvalidOperationException>(opened.Reopen);
    }

    [Fact]
    public async Task GetAllForRepository_ListsOpenOnes_NewestFirst_WithTheirCreationTimes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await FakeGitHubServer.StartAsync(time);
        var client = await FakeGitHubClients.InstallationAsync(server, time);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var older = repository.OpenPullRequest("alice", baseSha, repository.Commit(new Dictionary<string, string> { ["a"] = "2" }, baseSha));
        time.Advance(TimeSpan.FromMinutes(5));
        var closed = repository.OpenPullRequest("bob", baseSha, repository.Commit(new Dictionary<string, string> { ["a"] = "3" }, baseSha));
        closed.Close();
        var newer = repository.OpenPullRequest("carol", baseSha, repository.Commit(new Dictionary<string, string> { ["a"] = "4" }, baseSha));

        var open = await client.PullRequest.GetAllForRepository("acme", "access", new PullRequestRequest { State = ItemStateFilter.Open });
        var all = await client.PullRequest.GetAllForRepository("acme", "access", new PullRequestRequest { State = ItemStateFilter.All });

        Assert.Equal([newer.Number, older.Number], open.Select(p => p.Number));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), open[1].CreatedAt);
        Assert.Equal(3, all.Count);
        Assert.Equal(ItemState.Closed, all.Single(p => p.Number == closed.Number).State.Value);
    }

    [Fact]
    public async Task Update_StateClosed_ClosesItAsTheApp_AndItsEventsTellClosedAndReopened()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var opened = repository.OpenPullRequest("alice", baseSha, repository.Commit(new Dictionary<string, string> { ["a"] = "2" }, baseSha));

        var updated = await client.PullRequest.Update("acme", "access", opened.Number, new PullRequestUpdate { State = ItemState.Closed });
        opened.Reopen();

        Assert.Equal((ItemState.Closed, false), (updated.State.Value, updated.Merged));
        var events = await client.Issue.Events.GetAllForIssue("acme", "access", opened.Number);
        Assert.Equal([(EventInfoState.Closed, "gitjit[bot]"), (EventInfoState.Reopened, "alice")], events.Select(e => (e.Event.Value, e.Actor.Login)));
        Assert.True(opened.IsOpen);
    }

    [Fact]
    public async Task Update_OfAMergedOne_ToOpen_IsRefused_AndWithoutWritePermission_IsForbidden()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var baseSha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var merged = repository.OpenPullRequest("alice", baseSha, repository.CommitWithParents(FakeTree.From(new Dictionary<string, string> { ["a"] = "2" }), baseSha));
        merged.Merge(FakeMergeMethod.Squash);
        var other = repository.OpenPullRequest("bob", baseSha, repository.Commit(new Dictionary<string, string> { ["a"] = "3" }, baseSha));

        await Assert.ThrowsAsync<ApiValidationException>(() => client.PullRequest.Update("acme", "access", merged.Number, new PullRequestUpdate { State = ItemState.Open }));
        var readOnly = server.RegisterApp(4343, "reader").AddInstallation(78, "acme");
        readOnly.Permissions["pull_requests"] = "read";
        var token = await FakeGitHubClients.WithJwt(server, AppJwt.For(readOnly.App, TimeProvider.System)).GitHubApps.CreateInstallationToken(78);
        var reader = FakeGitHubClients.WithToken(server, token.Token);

        await Assert.ThrowsAsync<ForbiddenException>(() => reader.PullRequest.Update("acme", "access", other.Number, new PullRequestUpdate { State = ItemState.Closed }));
        Assert.True(other.IsOpen);
    }

    [Fact]
    public async Task InstallationRepositories_AreTheAccountsRepositories_OverSeveralPages()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        foreach (var name in Enumerable.Range(1, 35).Select(i => $"repo-{i}")) server.AddRepository("acme", name);
        server.AddRepository("globex", "elsewhere");

        var response = await client.GitHubApps.Installation.GetAllRepositoriesForCurrent();

        Assert.Equal(35, response.Repositories.Count);
        Assert.All(response.Repositories, r => Assert.Equal("acme", r.Owner.Login));
        Assert.Equal("main", response.Repositories[0].DefaultBranch);
    }
}
