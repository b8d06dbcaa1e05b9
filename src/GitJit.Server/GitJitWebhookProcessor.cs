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
        var number = webhookEvent switch
        {
            PullRequestEvent e when PullRequestActions.Contains(e.Action ?? "") => e.PullRequest.Number,
            PullRequestReviewEvent e when ReviewActions.Contains(e.Action ?? "") => e.PullRequest.Number,
            _ => (long?)null,
        };
        if (number is null || webhookEvent.Installation is null || webhookEvent.Repository is null) return;

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
        var pullRequest = (int)number.Value;
        jobs.Enqueue<PullRequestJob>(job => job.EvaluateAsync(installation, owner, name, pullRequest, CancellationToken.None));
        Log.EvaluationQueued(logger, repository.FullName, pullRequest, delivery, headers.Event ?? "");
    }
}
