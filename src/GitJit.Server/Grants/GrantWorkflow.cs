using GitJit.Core;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.Server.Workflow;
using Hangfire;

namespace GitJit.Server.Grants;

/// <summary>
/// What happens after a merge decision, inside the merge job: a grant is provisioned through its provider, its
/// revocation is scheduled at expiry, it is recorded in git and announced on the pull request; a refusal is recorded
/// and announced. Every step is idempotent, so a retried job repeats nothing that happened: the provider returns the
/// existing access (with its original expiry), the record is already there, and the comment (found by its marker)
/// is posted only when missing. An extension request (<see cref="AccessPlan.Extends"/>) grants nothing new: it extends
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
    ExtensionRequestMerge extensionRequests,
    TimeProvider time,
    ILogger<GrantWorkflow> logger) : IGrantProvisioning
{
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
        if (recorded.Count > 0)
        {
            // A merge job that died after provisioning and came back (on this instance or another) only after the
            // revocation it had scheduled ended the access: the grant happened, so it is recorded, at the time it was
            // made (its expiry minus its duration). Nothing is provisioned again, and nobody is sent a link to it.
            // (An orphan-revoked record is the reconciler's story of a role nothing recorded; it stands alone.)
            if (!recorded.Any(r => r.Event is AuditEvent.Granted or AuditEvent.Refused)
                && recorded.FirstOrDefault(r => r.Event == AuditEvent.Revoked) is { Principal: { } ended, ExpiresAt: { } endedExpiry })
            {
                var made = new ManagedAccess(id, plan.Provider, plan.Target.Connection, plan.Target.Database, ended, endedExpiry);
                Log.GrantRecordedAfterItsEnd(logger, id, ended);
                await audit.AppendAsync(location, AuditRecords.Granted(source, plan, made, endedExpiry - plan.Duration), cancellationToken).ConfigureAwait(false);
                return;
            }
            // A retry after the record: make sure the requester got the link (the comment may be what failed).
            if (recorded.FirstOrDefault(r => r.Event == AuditEvent.Granted) is { ExpiresAt: { } expires, Principal: { } principal }
                && !recorded.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked))
            {
                var existing = new ManagedAccess(id, plan.Provider, plan.Target.Connection, plan.Target.Database, principal, expires);
                await CommentAsync(source, "granted", comments.Granted(source, plan, existing), cancellationToken).ConfigureAwait(false);
            }
            return;
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

        reminders.Schedule(ExpiryReminder.For(location, source.PullRequest, id, access.ExpiresAt));

        await audit.AppendAsync(location, AuditRecords.Granted(source, plan, access, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await CommentAsync(source, "granted", comments.Granted(source, plan, access), cancellationToken).ConfigureAwait(false);
    }

    public async Task RefuseAsync(MergeRefusal refusal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var source = refusal.Source;
        var record = AuditRecords.Refused(refusal, time.GetUtcNow());
        Log.Refused(logger, record.Request, refusal.Problems.Count);
        var location = Location(source);
        if ((await audit.ReadAsync(location, source.PullRequest, cancellationToken).ConfigureAwait(false)).Any(r => r.Event == AuditEvent.Granted)) return;
        await audit.AppendAsync(location, record, cancellationToken).ConfigureAwait(false);
        await CommentAsync(source, "refused", MergeEvaluation.Refusal(source.MergeCommitSha, refusal.Problems), cancellationToken).ConfigureAwait(false);
    }

    private static AuditLocation Location(MergeSource source) => new(source.Installation, source.Repository, source.CloneUrl, source.Branch);

    /// <summary>Posts the event's comment unless the App already did (a retry after a failed comment posts it then).</summary>
    private Task CommentAsync(MergeSource source, string name, string body, CancellationToken cancellationToken) =>
        pullRequests.EnsureAsync(source.Installation, source.Owner, source.Name, source.PullRequest, name, body, cancellationToken);
}
