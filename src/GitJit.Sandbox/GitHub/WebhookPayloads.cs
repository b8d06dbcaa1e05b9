using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Webhook bodies built from the stand-in's state with the same builders as its REST answers, so a delivery and a later
/// GET agree; shaped as GitHub's documented examples: <c>action</c>, the objects the event is about, <c>repository</c>,
/// <c>installation</c> (id, node_id), <c>sender</c>, and <c>organization</c> when the owner is one. Call under the gate.
/// </summary>
internal static class WebhookPayloads
{
    /// <summary>Keys GitHub leaves out of the pull request in a pull_request_review delivery (it sends the list's shape).</summary>
    private static readonly string[] NotInReviewEvents =
        ["additions", "changed_files", "comments", "commits", "deletions", "maintainer_can_modify", "mergeable", "mergeable_state", "merged", "merged_by", "rebaseable", "review_comments"];

    /// <summary>pull_request: opened, synchronize (with <paramref name="before"/>), closed, reopened.</summary>
    public static string PullRequest(FakePullRequest pullRequest, string action, string sender, FakeInstallation installation, string? before = null, string? mergedBy = null)
    {
        var root = new JsonObject { ["action"] = action, ["number"] = pullRequest.Number };
        if (before is not null)
        {
            root["before"] = before;
            root["after"] = pullRequest.HeadSha;
        }
        root["pull_request"] = PullRequestObject(pullRequest, mergedBy);
        return Finish(root, pullRequest.Repository, sender, installation);
    }

    /// <summary>pull_request_review: submitted.</summary>
    public static string Review(FakePullRequest pullRequest, FakeReview review, FakeInstallation installation)
    {
        var reviewObject = Node(ReviewPayload.For(pullRequest, review));
        reviewObject["state"] = review.State.ToLowerInvariant();
        reviewObject["_links"] = new JsonObject
        {
            ["html"] = Href(reviewObject["html_url"]!.GetValue<string>()),
            ["pull_request"] = Href(reviewObject["pull_request_url"]!.GetValue<string>()),
        };
        var pullRequestObject = PullRequestObject(pullRequest, null);
        foreach (var key in NotInReviewEvents) pullRequestObject.Remove(key);
        var root = new JsonObject { ["action"] = "submitted", ["review"] = reviewObject, ["pull_request"] = pullRequestObject };
        return Finish(root, pullRequest.Repository, review.Reviewer, installation);
    }

    /// <summary>issue_comment: created, on a pull request (the issue has <c>pull_request</c>).</summary>
    public static string IssueComment(FakePullRequest pullRequest, FakeComment comment, FakeInstallation installation)
    {
        var repository = pullRequest.Repository;
        var commentObject = Node(CommentPayload.For(repository, comment));
        commentObject["performed_via_github_app"] = null;
        commentObject["reactions"] = Reactions(commentObject["url"]!.GetValue<string>());
        var root = new JsonObject { ["action"] = "created", ["issue"] = Issue(pullRequest), ["comment"] = commentObject };
        return Finish(root, repository, comment.Author, installation);
    }

    private static JsonObject PullRequestObject(FakePullRequest pullRequest, string? mergedBy)
    {
        var repository = pullRequest.Repository;
        var state = repository.State;
        var files = PullRequestDiff.Files(repository, repository.RequireCommit(pullRequest.BaseSha), repository.RequireCommit(pullRequest.HeadSha), pullRequest.HeadSha);
        var json = Node(PullRequestPayload.For(pullRequest, files));
        var api = $"{state.ApiRoot}/repos/{repository.FullName}";
        var url = json["url"]!.GetValue<string>();
        var issue = json["issue_url"]!.GetValue<string>();
        json["assignee"] = null;
        json["milestone"] = null;
        json["active_lock_reason"] = null;
        json["auto_merge"] = null;
        json["merged_by"] = pullRequest.IsMerged && mergedBy is not null ? Node(UserPayload.For(state, mergedBy)) : null;
        json["rebaseable"] = pullRequest.IsOpen ? true : null;
        json["maintainer_can_modify"] = false;
        json["commits_url"] = url + "/commits";
        json["review_comments_url"] = url + "/comments";
        json["review_comment_url"] = $"{api}/pulls/comments{{/number}}";
        json["comments_url"] = issue + "/comments";
        json["statuses_url"] = $"{api}/statuses/{pullRequest.HeadSha}";
        json["_links"] = new JsonObject
        {
            ["self"] = Href(url),
            ["html"] = Href(json["html_url"]!.GetValue<string>()),
            ["issue"] = Href(issue),
            ["comments"] = Href(issue + "/comments"),
            ["review_comments"] = Href(url + "/comments"),
            ["review_comment"] = Href($"{api}/pulls/comments{{/number}}"),
            ["commits"] = Href(url + "/commits"),
            ["statuses"] = Href($"{api}/statuses/{pullRequest.HeadSha}"),
        };
        return json;
    }

    private static JsonObject Issue(FakePullRequest pullRequest)
    {
        var repository = pullRequest.Repository;
        var state = repository.State;
        var api = $"{state.ApiRoot}/repos/{repository.FullName}";
        var issue = $"{api}/issues/{pullRequest.Number}";
        var html = $"{state.WebUrl}{repository.FullName}/pull/{pullRequest.Number}";
        return new JsonObject
        {
            ["url"] = issue,
            ["repository_url"] = api,
            ["labels_url"] = issue + "/labels{/name}",
            ["comments_url"] = issue + "/comments",
            ["events_url"] = issue + "/events",
            ["html_url"] = html,
            ["id"] = pullRequest.Id,
            ["node_id"] = $"I_fake{pullRequest.Id}",
            ["number"] = pullRequest.Number,
            ["title"] = pullRequest.Title,
            ["user"] = Node(UserPayload.For(state, pullRequest.Author)),
            ["labels"] = JsonSerializer.SerializeToNode(pullRequest.LabelsUnlocked.Select(l => LabelPayload.For(repository, l)).ToList(), GitHubJson.Options),
            ["state"] = pullRequest.IsOpen ? "open" : "closed",
            ["locked"] = false,
            ["assignee"] = null,
            ["assignees"] = new JsonArray(),
            ["milestone"] = null,
            ["comments"] = repository.Comments(pullRequest.Number).Count,
            ["created_at"] = Time(pullRequest.CreatedAt),
            ["updated_at"] = Time(pullRequest.UpdatedAt),
            ["closed_at"] = pullRequest.ClosedAt is { } closed ? Time(closed) : null,
            ["author_association"] = "CONTRIBUTOR",
            ["active_lock_reason"] = null,
            ["draft"] = false,
            ["pull_request"] = new JsonObject
            {
                ["url"] = $"{api}/pulls/{pullRequest.Number}",
                ["html_url"] = html,
                ["diff_url"] = html + ".diff",
                ["patch_url"] = html + ".patch",
                ["merged_at"] = pullRequest.IsMerged && pullRequest.ClosedAt is { } merged ? Time(merged) : null,
            },
            ["body"] = pullRequest.Body,
            ["reactions"] = Reactions(issue),
        };
    }

    private static string Finish(JsonObject root, FakeRepository repository, string sender, FakeInstallation installation)
    {
        var state = repository.State;
        root["repository"] = Node(RepositoryPayload.For(repository));
        if (state.Organizations.TryGetValue(repository.Owner, out var organization))
        {
            root["organization"] = WebhookPayloadCompletion.Organization(organization, state);
        }
        root["sender"] = Node(UserPayload.For(state, sender));
        root["installation"] = new JsonObject { ["id"] = installation.Id, ["node_id"] = $"MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u{installation.Id}" };
        WebhookPayloadCompletion.Complete(root, state);
        return root.ToJsonString(GitHubJson.Options);
    }

    private static JsonObject Node<T>(T payload) => JsonSerializer.SerializeToNode(payload, GitHubJson.Options)!.AsObject();

    private static JsonObject Href(string href) => new() { ["href"] = href };

    private static string Time(DateTimeOffset time) => JsonSerializer.SerializeToNode(time, GitHubJson.Options)!.GetValue<string>();

    private static JsonObject Reactions(string url) => new()
    {
        ["url"] = url + "/reactions",
        ["total_count"] = 0,
        ["+1"] = 0,
        ["-1"] = 0,
        ["laugh"] = 0,
        ["hooray"] = 0,
        ["confused"] = 0,
        ["heart"] = 0,
        ["rocket"] = 0,
        ["eyes"] = 0,
    };
}
