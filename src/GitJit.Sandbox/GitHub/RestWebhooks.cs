namespace GitJit.Sandbox.GitHub;

/// <summary>
/// The webhooks GitHub sends for what clients do through the REST API (the bot, or a person's <c>gitjit request</c>):
/// a pull request opened, closed or reopened, a comment created. Only Apps with a webhook URL get them. Call under the gate.
/// </summary>
internal static class RestWebhooks
{
    public static void PullRequest(FakePullRequest pullRequest, string action, string actor) =>
        pullRequest.Repository.State.Webhooks.Enqueue(pullRequest.Repository, "pull_request", action, i => WebhookPayloads.PullRequest(pullRequest, action, actor, i));

    public static void Comment(FakeRepository repository, FakeComment comment)
    {
        if (repository.FindPullRequest(comment.IssueNumber) is not { } pullRequest) return;
        repository.State.Webhooks.Enqueue(repository, "issue_comment", "created", i => WebhookPayloads.IssueComment(pullRequest, comment, i));
    }
}
