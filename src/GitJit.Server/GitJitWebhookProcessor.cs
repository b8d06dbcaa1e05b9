using System.Text;
using Microsoft.Extensions.Primitives;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;

namespace GitJit.Server;

/// <summary>
/// Turns verified deliveries into work in the inbox: pull-request and review events that can change a decision ask
/// for an evaluation of that pull request, merges for the merge decision, comments for a command. A delivery is
/// accepted once — by its id and by its body's hash — and everything that talks to GitHub runs in the job.
/// </summary>
public sealed class GitJitWebhookProcessor(IWebhookInbox inbox, ILogger<GitJitWebhookProcessor> logger) : WebhookEventProcessor
{
    private static readonly HashSet<string> PullRequestActions = new(StringComparer.Ordinal) { "opened", "synchronize", "reopened", "edited", "ready_for_review" };
    private static readonly HashSet<string> ReviewActions = new(StringComparer.Ordinal) { "submitted", "edited", "dismissed" };

    /// <summary>
    /// Accepts a delivery whose signature the caller verified over exactly <paramref name="body"/>. Throws
    /// <see cref="System.Text.Json.JsonException"/> when the body is not its event's JSON.
    /// </summary>
    public async ValueTask AcceptAsync(IDictionary<string, StringValues> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var webhookHeaders = WebhookHeaders.Parse(headers);
        if (DeserializeWebhookEvent(webhookHeaders, Encoding.UTF8.GetString(body.Span)) is not { Installation: not null, Repository: not null } webhookEvent
            || Work(webhookEvent) is not { } work)
        {
            return;
        }

        var delivery = WebhookDelivery.Of(webhookHeaders.Delivery ?? "", body.Span);
        if (await inbox.AcceptAsync(delivery, work, cancellationToken).ConfigureAwait(false))
        {
            Log.EvaluationQueued(logger, work.FullName, work.PullRequest, delivery.Id, webhookHeaders.Event ?? "");
        }
        else
        {
            Log.DeliveryRepeated(logger, delivery.Id);
        }
    }

    private static WebhookWork? Work(WebhookEvent webhookEvent)
    {
        var (installation, owner, name) = (webhookEvent.Installation!.Id, webhookEvent.Repository!.Owner.Login, webhookEvent.Repository.Name);
        return webhookEvent switch
        {
            PullRequestEvent { Action: "closed", PullRequest.Merged: true } e => new(WebhookWorkKind.Merge, installation, owner, name, (int)e.PullRequest.Number),
            PullRequestEvent e when PullRequestActions.Contains(e.Action ?? "") => new(WebhookWorkKind.Evaluate, installation, owner, name, (int)e.PullRequest.Number),
            PullRequestReviewEvent e when ReviewActions.Contains(e.Action ?? "") => new(WebhookWorkKind.Evaluate, installation, owner, name, (int)e.PullRequest.Number),
            IssueCommentEvent e => CommandWork(e, installation, owner, name),
            _ => null,
        };
    }

    /// <summary>A new comment on a pull request whose first line is a <c>/gitjit</c> command, from a person.</summary>
    private static WebhookWork? CommandWork(IssueCommentEvent comment, long installation, string owner, string name)
    {
        if (comment.Action != "created" || comment.Issue.PullRequest is null) return null;
        if (comment.Comment.User.Type != Octokit.Webhooks.Models.UserType.User) return null;
        if (PullRequestCommands.Parse(comment.Comment.Body) is not { } command) return null;
        return new(WebhookWorkKind.Command, installation, owner, name, (int)comment.Issue.Number, command, comment.Comment.User.Login, comment.Comment.User.Id);
    }
}
