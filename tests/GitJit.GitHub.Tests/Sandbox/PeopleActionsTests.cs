using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitJit.Sandbox.GitHub;

namespace GitJit.GitHub.Tests.Sandbox;

public sealed class PeopleActionsTests
{
    private const string RequestPath = "access-requests/orders-db/alice-sandbox.yaml";

    [Fact]
    public async Task OpenPullRequest_CommitsTheFileOnANewBranch_AndDeliversOpenedSignedWithTheSecret()
    {
        await using var world = await SandboxWorld.StartAsync();
        var main = world.Repository.PullRequests.Count;

        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, RequestPath, "requester: alice\n", "Request read-only");

        Assert.Equal(main + 1, pullRequest.Number);
        Assert.Equal("alice", pullRequest.Author);
        Assert.Equal("alice-patch-1", pullRequest.HeadRef);
        Assert.Equal("main", pullRequest.BaseRef);
        Assert.Equal("requester: alice\n", Encoding.UTF8.GetString(world.Repository.TreeAt(pullRequest.HeadSha).Entries[RequestPath].Content.Span));
        var delivery = Assert.Single(await world.DeliveredAsync());
        Assert.Equal("pull_request", delivery.Event);
        Assert.Equal(Signature(delivery.Body), delivery.Headers["X-Hub-Signature-256"]);
        Assert.True(Guid.TryParse(delivery.Headers["X-GitHub-Delivery"], out _));
        Assert.Equal(SandboxWorld.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Headers["X-GitHub-Hook-Installation-Target-ID"]);
        Assert.Equal("integration", delivery.Headers["X-GitHub-Hook-Installation-Target-Type"]);
        Assert.NotEmpty(delivery.Headers["X-GitHub-Hook-ID"]);
        Assert.StartsWith("GitHub-Hookshot/", delivery.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.StartsWith("application/json", delivery.Headers["Content-Type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(delivery.Body);
        var root = json.RootElement;
        Assert.Equal("opened", root.GetProperty("action").GetString());
        Assert.Equal(pullRequest.Number, root.GetProperty("number").GetInt32());
        Assert.Equal(pullRequest.HeadSha, root.GetProperty("pull_request").GetProperty("head").GetProperty("sha").GetString());
        Assert.Equal("alice", root.GetProperty("sender").GetProperty("login").GetString());
        Assert.Equal(SandboxWorld.InstallationId, root.GetProperty("installation").GetProperty("id").GetInt64());
        Assert.Equal("acme/access", root.GetProperty("repository").GetProperty("full_name").GetString());
        var recorded = Assert.Single(world.GitHub.WebhookDeliveries);
        Assert.Equal((200, "pull_request", "opened", 1), (recorded.StatusCode, recorded.Event, recorded.Action, recorded.Attempts));
    }

    [Fact]
    public async Task EveryAction_IsDeliveredInTheOrderItHappened_WithTheStateItLeft()
    {
        await using var world = await SandboxWorld.StartAsync();
        var people = world.People;

        var pullRequest = people.OpenPullRequest("alice", world.Repository, RequestPath, "one\n", "Request");
        var before = pullRequest.HeadSha;
        var after = people.Push("alice", pullRequest, RequestPath, "two\n");
        people.Review("bob", pullRequest, FakeReviewVerdict.RequestChanges, "Say why");
        people.Review("olga", pullRequest, FakeReviewVerdict.Approve);
        people.Comment("alice", pullRequest, "/gitjit extend 30m");
        var merge = people.Merge("olga", pullRequest);

        var delivered = await world.DeliveredAsync();
        Assert.Equal(
            ["pull_request.opened", "pull_request.synchronize", "pull_request_review.submitted", "pull_request_review.submitted", "issue_comment.created", "pull_request.closed"],
            delivered.Select(d => d.Event + "." + d.Action));
        Assert.All(delivered, d => Assert.Equal(Signature(d.Body), d.Headers["X-Hub-Signature-256"]));
        Assert.Equal(delivered.Count, delivered.Select(d => d.Headers["X-GitHub-Delivery"]).Distinct().Count());
        using var synchronize = JsonDocument.Parse(delivered[1].Body);
        Assert.Equal((before, after), (synchronize.RootElement.GetProperty("before").GetString(), synchronize.RootElement.GetProperty("after").GetString()));
        using var changes = JsonDocument.Parse(delivered[2].Body);
        Assert.Equal("changes_requested", changes.RootElement.GetProperty("review").GetProperty("state").GetString());
        Assert.Equal(after, changes.RootElement.GetProperty("review").GetProperty("commit_id").GetString());
        using var comment = JsonDocument.Parse(delivered[4].Body);
        Assert.Equal("/gitjit extend 30m", comment.RootElement.GetProperty("comment").GetProperty("body").GetString());
        Assert.Equal(JsonValueKind.Object, comment.RootElement.GetProperty("issue").GetProperty("pull_request").ValueKind);
        using var closed = JsonDocument.Parse(delivered[5].Body);
        var merged = closed.RootElement.GetProperty("pull_request");
        Assert.True(merged.GetProperty("merged").GetBoolean());
        Assert.Equal(merge, merged.GetProperty("merge_commit_sha").GetString());
        Assert.Equal("olga", merged.GetProperty("merged_by").GetProperty("login").GetString());
        Assert.Equal([world.Repository.TreeAt(merge).Entries[RequestPath].Sha], new[] { world.Repository.TreeAt(after).Entries[RequestPath].Sha });
        Assert.True(pullRequest.IsMerged);
    }

    [Fact]
    public async Task Merge_OnARepositoryOnDisk_IsAGitMergeCommitOnMain_AuthoredByThePeople()
    {
        await using var world = await SandboxWorld.StartAsync(onDisk: true);
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, RequestPath, "one\n", "Request read-only");
        world.People.Review("olga", pullRequest, FakeReviewVerdict.Approve);
        string mainBefore;
        using (var before = new LibGit2Sharp.Repository(world.Repository.GitDirectory!)) mainBefore = before.Branches["main"].Tip.Sha;

        var merge = world.People.Merge("olga", pullRequest);

        using var git = new LibGit2Sharp.Repository(world.Repository.GitDirectory!);
        var tip = git.Branches["main"].Tip;
        Assert.Equal(merge, tip.Sha);
        Assert.Equal([mainBefore, pullRequest.HeadSha], tip.Parents.Select(p => p.Sha));
        Assert.StartsWith($"Merge pull request #{pullRequest.Number} from acme/alice-patch-1", tip.Message, StringComparison.Ordinal);
        var head = LibGit2Sharp.RepositoryExtensions.Lookup<LibGit2Sharp.Commit>(git, pullRequest.HeadSha);
        Assert.Equal(("Alice Example", "alice@example.com", "Request read-only\n"), (head.Author.Name, head.Author.Email, head.Message));
        Assert.Equal("one\n", ((LibGit2Sharp.Blob)tip[RequestPath].Target).GetContentText());
        Assert.Equal(merge, pullRequest.MergeCommitSha);
        Assert.Equal("pull_request.closed", (await world.DeliveredAsync()).Select(d => d.Event + "." + d.Action).Last());
    }

    [Fact]
    public async Task Merge_AfterTheBotPushedARecordToMain_MergesOntoTheBotsCommit_AndThePageShowsBoth()
    {
        await using var world = await SandboxWorld.StartAsync(onDisk: true);
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, RequestPath, "one\n", "Request read-only");
        string record;
        using (var git = new LibGit2Sharp.Repository(world.Repository.GitDirectory!))
        {
            var main = git.Branches["main"].Tip;
            var tree = LibGit2Sharp.TreeDefinition.From(main);
            using var content = new MemoryStream("{}"u8.ToArray());
            tree.Add("audit/2026/record.json", git.ObjectDatabase.CreateBlob(content), LibGit2Sharp.Mode.NonExecutableFile);
            var bot = new LibGit2Sharp.Signature("gitjit[bot]", "bot@example.com", DateTimeOffset.UnixEpoch.AddYears(56));
            var commit = git.ObjectDatabase.CreateCommit(bot, bot, "audit: granted acme/access#0", git.ObjectDatabase.CreateTree(tree), [main], prettifyMessage: true);
            git.Refs.UpdateTarget(git.Refs["refs/heads/main"], commit.Id, "push");
            record = commit.Sha;
        }

        var merge = world.People.Merge("olga", pullRequest);

        using (var git = new LibGit2Sharp.Repository(world.Repository.GitDirectory!))
        {
            var tip = git.Branches["main"].Tip;
            Assert.Equal(merge, tip.Sha);
            Assert.Equal([record, pullRequest.HeadSha], tip.Parents.Select(p => p.Sha));
            Assert.NotNull(tip["audit/2026/record.json"]);
            Assert.NotNull(tip[RequestPath]);
        }
        using var browser = new PageBrowser(world.GitHub);
        var (_, html) = await browser.GetAsync("/acme/access");
        Assert.Contains("audit: granted acme/access#0 — gitjit[bot]", html, StringComparison.Ordinal);
        Assert.Contains($"Merge pull request #{pullRequest.Number}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_OnARepositoryOnDisk_IsAGitCommitOnThePullRequestsBranch_ByThePerson()
    {
        await using var world = await SandboxWorld.StartAsync(onDisk: true);
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, RequestPath, "one\n", "Request read-only");
        var before = pullRequest.HeadSha;

        var after = world.People.Push("alice", pullRequest, RequestPath, "two\n", "Ask for less");

        using var git = new LibGit2Sharp.Repository(world.Repository.GitDirectory!);
        var tip = git.Branches[pullRequest.HeadRef].Tip;
        Assert.Equal((after, after), (tip.Sha, pullRequest.HeadSha));
        Assert.Equal([before], tip.Parents.Select(p => p.Sha));
        Assert.Equal(("Alice Example", "Ask for less\n", "two\n"), (tip.Author.Name, tip.Message, ((LibGit2Sharp.Blob)tip[RequestPath].Target).GetContentText()));
        Assert.Equal(["opened", "synchronize"], (await world.DeliveredAsync()).Select(d => d.Action));
    }

    [Fact]
    public async Task Approving_OnesOwnPullRequest_IsRefusedAsOnGitHub_AndDeliversNothing()
    {
        await using var world = await SandboxWorld.StartAsync();
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, RequestPath, "one\n", "Request");

        var refused = Assert.Throws<InvalidOperationException>(() => world.People.Review("alice", pullRequest, FakeReviewVerdict.Approve));

        Assert.Equal("Can not approve your own pull request", refused.Message);
        Assert.Empty(pullRequest.Reviews);
        Assert.Single(await world.DeliveredAsync());
    }

    [Fact]
    public async Task Close_ThenReopen_DeliverClosedUnmergedAndReopened()
    {
        await using var world = await SandboxWorld.StartAsync();
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, RequestPath, "one\n", "Request");

        world.People.Close("bob", pullRequest);
        Assert.Throws<InvalidOperationException>(() => world.People.Merge("bob", pullRequest));
        world.People.Reopen("alice", pullRequest);

        var delivered = await world.DeliveredAsync();
        Assert.Equal(["opened", "closed", "reopened"], delivered.Select(d => d.Action));
        using var closed = JsonDocument.Parse(delivered[1].Body);
        Assert.False(closed.RootElement.GetProperty("pull_request").GetProperty("merged").GetBoolean());
        Assert.True(pullRequest.IsOpen);
    }

    [Fact]
    public async Task ADelivery_ToAnAppThatIsNotListening_IsTriedAgain_ThenRecordedAsFailed_AndTheNextStillGoesOut()
    {
        await using var world = await SandboxWorld.StartAsync();
        var receiver = world.Receiver.Url;
        world.App.DeliverTo(new Uri($"http://127.0.0.1:{FreePort()}/webhooks"), SandboxWorld.Secret);
        var pullRequest = world.People.OpenPullRequest("alice", world.Repository, RequestPath, "one\n", "Request");
        world.App.DeliverTo(receiver, SandboxWorld.Secret);
        world.People.Comment("bob", pullRequest, "Looks fine");

        var delivered = await world.DeliveredAsync();

        var failed = world.GitHub.WebhookDeliveries[0];
        Assert.Equal((null, 4, true), (failed.StatusCode, failed.Attempts, failed.IsCompleted));
        Assert.NotNull(failed.Error);
        Assert.Equal("issue_comment", Assert.Single(delivered).Event);
        Assert.Equal(200, world.GitHub.WebhookDeliveries[1].StatusCode);
    }

    private static string Signature(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SandboxWorld.Secret), Encoding.UTF8.GetBytes(body)));

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
