using GitJit.Core;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.Server.Jobs;
using GitJit.Server.Workflow;
using Hangfire;

namespace GitJit.Server.Grants;

/// <summary>
/// What happens after a merge decision, inside the merge job: a grant is provisioned through its provider, its
/// revocation is scheduled at expiry, it is recorded in git and announced on the pull request; a refusal is recorded
/// and announced. Every step is idempotent, so a retried job repeats nothing that happened: the provider returns the
/// existing access (with its original expiry), the record is already there, and the comment (found by its marker)
/// is posted only when missing. A request merged before its start is scheduled instead (<see cref="ScheduleAsync"/>):
/// the merge job runs again at the start, finds only the <c>scheduled</c> record, and provisions then; a schedule
/// cancelled meanwhile (a <c>revoked</c> record, reason <c>cancelled</c>) provisions nothing.
/// An extension request (<see cref="AccessPlan.Extends"/>) grants nothing new: it extends
/// the grant it names (<see cref="ExtensionRequestMerge"/>), or is refused.
/// </summary>
public sealed class GrantWorkflow(
    AccessProviders providers,
    IAuditTrail audit,
    IPullRequestComments pullRequests,
    IBackgroundJobClient jobs,
    GrantComments comments,
    AccessRepositories repositories,
    ExpiryReminders reminders,
    EmergencyGrants emergencies,
    ExtensionRequestMerge extensionRequests,
    TimeProvider time,
    ILogger<GrantWorkflow> logger) : IGrantProvisioning
{
    /// <summary>The longest a merge job picked up just before its start waits for it instead of being scheduled again.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(3);

    public async Task GrantAsync(GrantOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var (source, plan) = (order.Source, order.Plan);
        var location = Location(source);
        var id = Grant.IdFor(source.Repository, source.PullRequest);

        // The first decision recorded for a pull request stands: a retried or repeated merge job that finds any
        // record (granted, refused, or an end the reconciler or a revocation wrote) changes nothing. Without a record,
        // provisioning again is harmless: the provider returns the access a crashed attempt made, with its expiry.
        await repositories.RememberAsync(location, source.DefaultBranch ?? source.Branch, cancellationToken).ConfigureAwait(false);
        if (plan.Extends is not null)
        {
            if (await extensionRequests.ExtendAsync(order, location, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                await RefuseAsync(new MergeRefusal(source, plan.RequestPath, plan.Requester, [problem]), cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        var recorded = await audit.ReadAsync(location, source.PullRequest, cancellationToken).ConfigureAwait(false);
        // A scheduled record alone is a grant still to be made: the job at its start (or a retry before it) goes on.
        var scheduled = recorded.FirstOrDefault(r => r.Event == AuditEvent.Scheduled);
        if (recorded.Any(r => r.Event != AuditEvent.Scheduled))
        {
            // A merge job that died after provisioning and came back (on this instance or another) only after the
            // revocation it had scheduled ended the access: the grant happened, so it is recorded, at the time it was
            // made (its expiry minus its duration). Nothing is provisioned again, and nobody is sent a link to it.
            // (An orphan-revoked record is the reconciler's story of a role nothing recorded; it stands alone.)
            // A cancelled schedule is no such story: nothing was ever provisioned (and its record names no principal).
            if (!recorded.Any(r => r.Event is AuditEvent.Granted or AuditEvent.Refused)
                && recorded.FirstOrDefault(r => r.Event == AuditEvent.Revoked) is { Reason: not AuditReason.Cancelled, Principal: { } ended, ExpiresAt: { } endedExpiry })
            {
                var made = new ManagedAccess(id, plan.Provider, plan.Target.Connection, plan.Target.Database, ended, endedExpiry);
                Log.GrantRecordedAfterItsEnd(logger, id, ended);
                await audit.AppendAsync(location, AuditRecords.Granted(source, plan, made, endedExpiry - plan.Duration), cancellationToken).ConfigureAwait(false);
                return;
            }
            // A retry after the record: make sure the requester got the link (the comment may be what failed).
            if (recorded.FirstOrDefault(r => r.Event == AuditEvent.Granted) is { ExpiresAt: { } expires, Principal: { } principal } granted
                && !recorded.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked))
            {
                var existing = new ManagedAccess(id, plan.Provider, plan.Target.Connection, plan.Target.Database, principal, expires);
                await CommentAsync(source, "granted", comments.Granted(source, plan, existing), cancellationToken).ConfigureAwait(false);
                if (granted is { Emergency: true, FollowUpBy: { } followUpBy }) await emergencies.AnnounceAsync(source, plan, followUpBy, cancellationToken).ConfigureAwait(false);
            }
            // An emergency grant decided again (an event of its pull request, its merge): a code owner's approval is its review.
            await emergencies.ReviewAsync(location, plan, recorded, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Merged before the request's start: nothing exists until then. Never provisioned early, however the job came.
        if (plan.Start is { } start && start - time.GetUtcNow() is { Ticks: > 0 } early)
        {
            if (early > LongestWait)
            {
                await ScheduleAsync(source, plan, start, scheduled, cancellationToken).ConfigureAwait(false);
                return;
            }
            // Hangfire keeps whole seconds and timers fire a hair early: wait out the rest rather than go round again.
            do await Task.Delay(early + TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
            while ((early = start - time.GetUtcNow()) > TimeSpan.Zero);
        }

        var provider = providers.For(plan.Provider);
        var grant = new Grant(id, plan.Requester, plan.Resource, plan.Role, plan.Provider, plan.Target, plan.Guardrails, time.GetUtcNow() + plan.Duration, plan.RequesterId);
        ManagedAccess access;
        try
        {
            access = await provider.ProvisionAsync(grant, cancellationToken).ConfigureAwait(false);
        }
        catch (AccessRefusedException e)
        {
            // Retrying would meet the same answer: a refusal, recorded and told once, instead of a job failing for hours.
            await RefuseAsync(new MergeRefusal(source, plan.RequestPath, plan.Requester,
                [Finding.Error(plan.RequestPath, SourcePosition.File, "provider.refused", $"the {plan.Provider} target refused the grant: {e.Message}")]), cancellationToken).ConfigureAwait(false);
            return;
        }
        Log.Granted(logger, id, access.Principal, access.ExpiresAt);

        // Scheduled before anything else can fail: whatever happens next, the access ends on time.
        var revocation = RevocationOrder.AtExpiry(location, source.PullRequest, access) with { Requester = plan.Requester, Resource = plan.Resource, Role = plan.Role };
        RevocationSchedule.AtExpiry(jobs, revocation);

        if (plan.Emergency is not null) emergencies.Granted(location, source, plan, access);
        reminders.Schedule(ExpiryReminder.For(location, source.PullRequest, id, access.ExpiresAt));

        var record = AuditRecords.Granted(source, plan, access, time.GetUtcNow());
        await audit.AppendAsync(location, record, cancellationToken).ConfigureAwait(false);
        await CommentAsync(source, "granted", comments.Granted(source, plan, access), cancellationToken).ConfigureAwait(false);
        if (record.FollowUpBy is { } by)
        {
            await emergencies.AnnounceAsync(source, plan, by, cancellationToken).ConfigureAwait(false);
            // Approved already (a review came before the bot): reviewed at once.
            await emergencies.ReviewAsync(location, plan, [record], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Schedules the grant for <paramref name="start"/>: the merge job again at the start first, then the
    /// <c>scheduled</c> record, then the comment. Dying after the job, a retry schedules another (which finds the grant
    /// made and does nothing) and writes the record; there is never a record that no job will act on. A job that comes
    /// early (a clock moved) comes here too, and schedules itself again.
    /// </summary>
    private async Task ScheduleAsync(MergeSource source, AccessPlan plan, DateTimeOffset start, AuditRecord? scheduled, CancellationToken cancellationToken)
    {
        jobs.Schedule<MergeJob>(job => job.DecideAsync(source.Installation, source.Owner, source.Name, source.PullRequest, CancellationToken.None), RevocationSchedule.DueAt(start));
        var record = scheduled ?? AuditRecords.Scheduled(source, plan, start, time.GetUtcNow());
        Log.GrantScheduled(logger, record.Request, start);
        if (scheduled is null) await audit.AppendAsync(Location(source), record, cancellationToken).ConfigureAwait(false);
        await CommentAsync(source, "scheduled", GrantComments.Scheduled(source, plan, start), cancellationToken).ConfigureAwait(false);
    }

    public async Task RefuseAsync(MergeRefusal refusal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var source = refusal.Source;
        var record = AuditRecords.Refused(refusal, time.GetUtcNow());
        Log.Refused(logger, record.Request, refusal.Problems.Count);
        var location = Location(source);
        // Nothing to refuse once granted, or once a scheduled grant was cancelled (the job at its start decides again).
        var recorded = await audit.ReadAsync(location, source.PullRequest, cancellationToken).ConfigureAwait(false);
        if (recorded.Any(r => r.Event == AuditEvent.Granted || r is { Event: AuditEvent.Revoked, Reason: AuditReason.Cancelled })) return;
        await audit.AppendAsync(location, record, cancellationToken).ConfigureAwait(false);
        await CommentAsync(source, "refused", MergeEvaluation.Refusal(source.MergeCommitSha, refusal.Problems), cancellationToken).ConfigureAwait(false);
    }

    private static AuditLocation Location(MergeSource source) => new(source.Installation, source.Repository, source.CloneUrl, source.Branch);

    /// <summary>Posts the event's comment unless the App already did (a retry after a failed comment posts it then).</summary>
    private Task CommentAsync(MergeSource source, string name, string body, CancellationToken cancellationToken) =>
        pullRequests.EnsureAsync(source.Installation, source.Owner, source.Name, source.PullRequest, name, body, cancellationToken);
}
