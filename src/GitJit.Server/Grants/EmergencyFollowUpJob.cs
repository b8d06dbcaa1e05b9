using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.GitHub;
using GitJit.Server.Alerts;
using GitJit.Server.Jobs;
using GitJit.Server.Workflow;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Grants;

/// <summary>
/// The end of an emergency grant's follow-up window. Under the pull request's lock, the pull request is decided once
/// more, from GitHub: the grant stands only if a code owner's approval of what was granted is on it now (a review whose
/// webhook was lost still counts; a reviewed record alone does not, as whoever can push to the records branch could
/// write one). Without one, the access is revoked (reason <see cref="AuditReason.Unreviewed"/>) if it is still active, an
/// <see cref="AuditEvent.Unreviewed"/> record is written, the pull request is labelled and told, and the alert webhook
/// too. When GitHub cannot answer, no approval is assumed: the window is about access. Safe to run twice: a retry finds
/// the revocation and the record, and only makes sure of the label and the comment.
/// </summary>
public sealed class EmergencyFollowUpJob(
    GitHubAppClients clients,
    IAuditTrail audit,
    EmergencyGrants emergencies,
    RevokeJob revoke,
    IPullRequestComments comments,
    JobLocks locks,
    IBackgroundJobClient jobs,
    IOptions<AlertOptions> alerts,
    TimeProvider time,
    ILogger<EmergencyFollowUpJob> logger)
{
    /// <summary>The longest a follow-up picked up early waits for its time instead of being scheduled again.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(3);

    [Queue(JobQueues.Revocations)]
    [AutomaticRetry(Attempts = 20)]
    public async Task CheckAsync(EmergencyFollowUp followUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        if (followUp.FollowUpBy - time.GetUtcNow() is { Ticks: > 0 } early)
        {
            if (early > LongestWait)
            {
                jobs.Schedule<EmergencyFollowUpJob>(job => job.CheckAsync(followUp, CancellationToken.None), followUp.FollowUpBy);
                return;
            }
            await Task.Delay(early + TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }

        var location = followUp.Location;
        await using var pullRequestLock = await locks.AcquireAsync(location.Owner, location.Name, followUp.PullRequest, PullRequestLock.JobTimeout, cancellationToken).ConfigureAwait(false);
        var recorded = (await audit.ReadAsync(location, followUp.PullRequest, cancellationToken).ConfigureAwait(false))
            .Where(r => string.Equals(r.Request, followUp.GrantId, StringComparison.Ordinal)).ToList();
        if (recorded.FirstOrDefault(r => r.Event == AuditEvent.Granted) is not { Emergency: true } granted) return;

        // A retry after the verdict (its revocation or its record) keeps it: an approval after the deadline is too late.
        var judged = recorded.Any(r => r.Event == AuditEvent.Unreviewed || r.Reason == AuditReason.Unreviewed);
        var plan = judged ? null : await DecideAsync(location, followUp.PullRequest, cancellationToken).ConfigureAwait(false);
        if (await emergencies.ReviewAsync(location, plan, recorded, cancellationToken).ConfigureAwait(false)) return;

        var ended = recorded.FirstOrDefault(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked);
        if (ended is null)
        {
            var order = await revoke.OrderForAsync(location, granted, AuditReason.Unreviewed, RevocationOrder.Bot, cancellationToken).ConfigureAwait(false);
            await revoke.RevokeLockedAsync(order, cancellationToken).ConfigureAwait(false);
        }
        var revokedForIt = ended is null || ended.Reason == AuditReason.Unreviewed;
        if (!recorded.Any(r => r.Event == AuditEvent.Unreviewed))
        {
            await audit.AppendAsync(location, AuditRecords.Unreviewed(granted, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            Log.EmergencyUnreviewed(logger, granted.Request, followUp.FollowUpBy);
            if (alerts.Value.WebhookUrl is not null)
            {
                var text = $"⚠️ Emergency access on {location.Repository} went unreviewed: nobody approved {granted.PullRequestUrl ?? granted.Request} "
                    + $"({granted.Requester}, {granted.Role} on {granted.Resource}) by {GrantComments.Utc(followUp.FollowUpBy)}; "
                    + (revokedForIt ? "its access was revoked." : "its access had already ended.");
                jobs.Enqueue<AlertJob>(job => job.TextWebhookAsync(text, CancellationToken.None));
            }
        }

        await LabelAsync(location, followUp, cancellationToken).ConfigureAwait(false);
        await comments.EnsureAsync(location.Installation, location.Owner, location.Name, followUp.PullRequest, "emergency-unreviewed",
            GrantComments.Unreviewed(plan, followUp.FollowUpBy, revokedForIt), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The pull request decided once more, as on its events: its plan when the decision has no error, else null. What
    /// GitHub cannot answer counts as no approval.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Whatever keeps the review from being read, the unreviewed access ends at its deadline.")]
    private async Task<AccessPlan?> DecideAsync(AuditLocation location, int number, CancellationToken cancellationToken)
    {
        try
        {
            var client = await clients.ForInstallationAsync(location.Installation, cancellationToken).ConfigureAwait(false);
            var pullRequest = await PullRequestReader.ReadAsync(client, location.Owner, location.Name, number, cancellationToken).ConfigureAwait(false);
            var decision = await GitHubDecision.DecideAsync(client, pullRequest, pullRequest.BaseSha, await clients.BotLoginAsync().ConfigureAwait(false), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return decision.Errors.Any() ? null : decision.Plan;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.EmergencyReviewUnreadable(logger, e, Grant.IdFor(location.Repository, number));
            return null;
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The label is a pointer; the record and the comment carry the finding.")]
    private async Task LabelAsync(AuditLocation location, EmergencyFollowUp followUp, CancellationToken cancellationToken)
    {
        try
        {
            var client = await clients.ForInstallationAsync(location.Installation, cancellationToken).ConfigureAwait(false);
            await client.Issue.Labels.AddToIssue(location.Owner, location.Name, followUp.PullRequest, [EmergencyGrants.UnreviewedLabel]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.EmergencyNotLabelled(logger, e, followUp.GrantId);
        }
    }
}
