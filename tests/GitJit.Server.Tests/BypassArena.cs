using System.Net;
using System.Text.Json.Nodes;
using GitJit.Core.Audit;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;

namespace GitJit.Server.Tests;

/// <summary>
/// What one row of the policy-bypass table does to the shared world: commits, pull requests, reviews and merges in the
/// fake GitHub, each followed by the webhook GitHub would send and a wait for the server's jobs. Every attempt starts
/// with main back on the base commit.
/// </summary>
internal sealed class BypassArena
{
    public BypassArena(RealGrantWorld real)
    {
        Real = real;
        Repository.SetBranch("main", BaseSha);
    }

    public RealGrantWorld Real { get; }

    public FakeRepository Repository => Real.World.Repository;

    public string BaseSha => Real.World.BaseSha;

    /// <summary>A request file path of this attempt's own.</summary>
    public static string PathFor(string name) => $"access-requests/orders-db/{name}.yaml";

    /// <summary>A copy of the tree at <paramref name="sha"/> (default: the base commit).</summary>
    public FakeTree Tree(string? sha = null) => Repository.TreeAt(sha ?? BaseSha);

    /// <summary><paramref name="author"/> opens a pull request of one commit, <paramref name="tree"/>, on <paramref name="parent"/> (default: the base commit); GitHub says "opened".</summary>
    public async Task<FakePullRequest> OpenAsync(FakeTree tree, string author = "alice", string? parent = null, FakeRepository? from = null)
    {
        parent ??= BaseSha;
        var head = Repository.CommitWithParents(tree, parent);
        var pullRequest = Repository.OpenPullRequest(author, parent, head, headRepository: from);
        await DeliverAsync("pull_request", "opened", pullRequest);
        return pullRequest;
    }

    /// <summary><paramref name="author"/> opens a pull request adding <paramref name="request"/> at <paramref name="path"/> on the base commit.</summary>
    public Task<FakePullRequest> OpenAsync(string path, string request, string author = "alice") =>
        OpenAsync(Tree().With(path, request), author);

    /// <summary><paramref name="reviewer"/> submits a review (on the head commit unless <paramref name="commitId"/>); its id.</summary>
    public async Task<long> ReviewAsync(FakePullRequest pullRequest, string reviewer, string state = "APPROVED", string? commitId = null)
    {
        var id = pullRequest.AddReview(reviewer, state, commitId);
        await DeliverAsync("pull_request_review", "submitted", pullRequest);
        return id;
    }

    /// <summary>An admin dismisses review <paramref name="id"/>; GitHub says "dismissed".</summary>
    public async Task DismissAsync(FakePullRequest pullRequest, long id)
    {
        pullRequest.DismissReview(id);
        await DeliverAsync("pull_request_review", "dismissed", pullRequest, recorded: "submitted");
    }

    /// <summary>The author pushes <paramref name="tree"/> as a new commit on the head; GitHub says "synchronize".</summary>
    public async Task PushAsync(FakePullRequest pullRequest, FakeTree tree)
    {
        pullRequest.Push(Repository.CommitWithParents(tree, pullRequest.HeadSha));
        await DeliverAsync("pull_request", "synchronize", pullRequest);
    }

    /// <summary>Merges (squash by default) as an admin can, past any required check; GitHub says "closed" (merged).</summary>
    public async Task MergeAsync(FakePullRequest pullRequest, FakeMergeMethod method = FakeMergeMethod.Squash, string? delivery = null)
    {
        pullRequest.Merge(method);
        await DeliverAsync("pull_request", "closed", pullRequest, delivery: delivery);
    }

    /// <summary>Opens, has olga approve and merges a valid request at <paramref name="path"/>, which is granted; the pull request.</summary>
    public async Task<FakePullRequest> GrantAsync(string path, string request = Requests.AliceReadOnly, string? delivery = null)
    {
        var pullRequest = await OpenAsync(path, request);
        await ReviewAsync(pullRequest, "olga");
        await MergeAsync(pullRequest, delivery: delivery);
        Assert.True(Real.History.Any(e => e.Record.PullRequest == pullRequest.Number && e.Record.Event == AuditEvent.Granted), "not granted: " + Real.Server.JobTroubles());
        return pullRequest;
    }

    /// <summary>
    /// Sends GitHub's recorded <paramref name="eventName"/> payload (the file for <paramref name="recorded"/>, by default
    /// <paramref name="action"/>) for the pull request as it stands, under <paramref name="delivery"/> or a new id; waits for the jobs.
    /// </summary>
    public async Task DeliverAsync(string eventName, string action, FakePullRequest pullRequest, string? recorded = null, string? delivery = null)
    {
        var json = JsonNode.Parse(Real.World.Payload(eventName, recorded ?? action, pullRequest))!;
        json["action"] = action;
        if (eventName == "pull_request") json["pull_request"]!["state"] = pullRequest.IsOpen ? "open" : "closed";
        using (var response = await Real.World.GitHub.SendWebhookAsync(Real.Server.WebhookUrl, eventName, json.ToJsonString(), FlowWorld.Secret, delivery))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await Real.Server.JobsDoneAsync();
    }
}
