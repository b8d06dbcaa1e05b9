using Hangfire;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;

namespace GitJit.Server;

/// <summary>
/// Turns verified deliveries into queued jobs: pull-request and review events that can change a decision queue an
/// evaluation of that pull request. A delivery id is handled once; everything that talks to GitHub runs in the job.
/// </summary>
public sealed class GitJitWebhookProcessor(IDeliveryLog deliveries, IBackgroundJobClient jobs, ILogger<GitJitWebhookProcessor> logger) : WebhookEventProcessor
{
    private static readonly HashSet<string> PullRequestActions = new(StringComparer.Ordinal) { "opened", "synchronize", "reopened", "edited", "ready_for_review" };
    private static readonly HashSet<string> ReviewActions = new(StringComparer.Ordinal) { "submitted", "edited", "dismissed" };

    public override async ValueTask ProcessWebhookAsync(WebhookHeaders headers, WebhookEvent webhookEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (webhookEvent is IssueCommentEvent comment)
        {
            await QueueCommandAsync(headers, comment, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (webhookEvent is PullRequestEvent { Action: "closed", PullRequest.Merged: true } merged)
        {
            await QueueAsync(headers, merged, merged.PullRequest.Number, merge: true, cancellationToken).ConfigureAwait(false);
            return;
        }
        var number = webhookEvent switch
        {
            PullRequestEvent e when PullRequestActions.Contains(e.Action ?? "") => e.PullRequest.Number,
            PullRequestReviewEvent e when ReviewActions.Contains(e.Action ?? "") => e.PullRequest.Number,
            _ => (long?)null,
        };
        if (number is null) return;
        await QueueAsync(headers, webhookEvent, number.Value, merge: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task QueueAsync(WebhookHeaders headers, WebhookEvent webhookEvent, long number, bool merge, CancellationToken cancellationToken)
    {
        if (webhookEvent.Installation is null || webhookEvent.Repository is null) return;
        var delivery = headers.Delivery ?? "";
        if (!await deliveries.TryRecordAsync(delivery, cancellationToken).ConfigureAwait(false))
        {
            Log.DeliveryRepeated(logger, delivery);
            return;
        }
        var repository = webhookEvent.Repository;
        var installation = webhookEvent.Installation.Id;
        var owner = repository.Owner.Login;
        var name = repository.Name;
        var pullRequest = (int)number;
        if (merge)
        {
            jobs.Enqueue<MergeJob>(job => job.DecideAsync(installation, owner, name, pullRequest, CancellationToken.None));
        }
        else
        {
            jobs.Enqueue<PullRequestJob>(job => job.EvaluateAsync(installation, owner, name, pullRequest, CancellationToken.None));
        }
        Log.EvaluationQueued(logger, repository.FullName, pullRequest, delivery, headers.Event ?? "");
    }

    /// <summary>A new comment on a pull request whose first line is a <c>/gitjit</c> command, from a person.</summary>
    private async Task QueueCommandAsync(WebhookHeaders headers, IssueCommentEvent comment, CancellationToken cancellationToken)
    {
        if (comment.Action != "created" || comment.Issue.PullRequest is null || comment.Installation is null || comment.Repository is null) return;
        if (comment.Comment.User.Type != Octokit.Webhooks.Models.UserType.User) return;
        if (PullRequestCommands.Parse(comment.Comment.Body) is not { } command) return;

        var delivery = headers.Delivery ?? "";
        if (!await deliveries.TryRecordAsync(delivery, cancellationToken).ConfigureAwait(false))
        {
            Log.DeliveryRepeated(logger, delivery);
            return;
        }
        var installation = comment.Installation.Id;
        var owner = comment.Repository.Owner.Login;
        var name = comment.Repository.Name;
        var number = (int)comment.Issue.Number;
        var author = comment.Comment.User.Login;
        jobs.Enqueue<CommentCommandJob>(job => job.AnswerAsync(installation, owner, name, number, command, author, CancellationToken.None));
        Log.EvaluationQueued(logger, comment.Repository.FullName, number, delivery, headers.Event ?? "");
    }
}
