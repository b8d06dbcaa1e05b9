using System.Globalization;
using GitJit.Core;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Core.Rendering;

namespace GitJit.Server.Grants;

/// <summary>
/// Merging an approved extension request (<c>extends: N</c>) extends the grant of pull request N in place, instead of
/// granting anything new: that grant must be recorded in the same repository and branch, for the same requester,
/// resource and role, and still be active, and its whole length stay within the role's <c>maxDuration</c> as the
/// decision's rules have it; then <see cref="GrantExtender"/> extends it exactly as <c>/gitjit extend</c> does, its
/// <c>extended</c> record (in N's trail) naming this pull request and its approvals, and both pull requests are told.
/// Otherwise the caller records a refusal on this pull request. Idempotent: a retry finds the record naming this pull
/// request and only makes sure of the comments; a pull request already refused stays refused.
/// </summary>
public sealed class ExtensionRequestMerge(IAuditTrail audit, GrantExtender extender, IPullRequestComments pullRequests)
{
    /// <summary>Extends the grant <paramref name="order"/>'s plan names; the problem that refuses it, or null when extended.</summary>
    public async Task<Finding?> ExtendAsync(GrantOrder order, AuditLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(location);
        var (source, plan) = (order.Source, order.Plan);
        var extended = plan.Extends!.Value;
        var mine = await audit.ReadAsync(location, source.PullRequest, cancellationToken).ConfigureAwait(false);
        if (mine.Any(r => r.Event is AuditEvent.Refused or AuditEvent.Granted)) return null;

        var grantId = Grant.IdFor(source.Repository, extended);
        var granted = (await audit.ReadAsync(location, extended, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(r => r.Event == AuditEvent.Granted && string.Equals(r.Request, grantId, StringComparison.Ordinal));
        if (Mismatch(granted, plan, extended) is { } mismatch) return Problem(plan, mismatch);

        var ask = new ExtensionAsk(plan.Requester, Merge: new ExtensionMerge(source.PullRequest, source.PullRequestUrl, source.MergeCommitSha,
            AuditRecords.ApprovalsOf(plan), plan.Approvals.ByRule));
        var outcome = await extender.ExtendAsync(location, granted!, new ExtensionLimit(plan.Role, plan.MaxDuration), plan.Duration, ask, cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } why) return Problem(plan, $"#{Number(extended)} cannot be extended: {why}");

        var (owner, name) = (location.Owner, location.Name);
        await pullRequests.EnsureAsync(source.Installation, owner, name, source.PullRequest, "extended",
            $"⏱️ Merged as {Markdown.Code(source.MergeCommitSha[..7])}: the grant of #{Number(extended)} is extended by **{GrantDuration.Format(outcome.Added)}** and now ends at "
            + $"**{GrantComments.Utc(outcome.ExpiresAt)}** ({GrantDuration.Format(outcome.ExpiresAt - outcome.Start)} in all, of at most {GrantDuration.Format(plan.MaxDuration)}). "
            + "Same role, same credentials; open sessions go on.", cancellationToken).ConfigureAwait(false);
        await pullRequests.EnsureAsync(source.Installation, owner, name, extended, "extended-by:" + Number(source.PullRequest),
            GrantExtender.Extended(plan.Requester, outcome, plan.MaxDuration) + $" Approved in #{Number(source.PullRequest)}.", cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Why the grant <paramref name="granted"/> is not the one <paramref name="plan"/> may extend; null when it is.</summary>
    private static string? Mismatch(AuditRecord? granted, AccessPlan plan, int extended)
    {
        var which = "#" + Number(extended);
        if (granted is not { PullRequest: not null, Provider: not null, ExpiresAt: not null }) return $"{which} has no grant recorded in this repository; only a granted pull request can be extended";
        var sameRequester = string.Equals(granted.Requester, plan.Requester, StringComparison.OrdinalIgnoreCase)
            && (granted.RequesterId is not { } recorded || plan.RequesterId is not { } asking || recorded == asking);
        if (!sameRequester) return $"{which} was granted to {Text.Quote(granted.Requester ?? "nobody")}, not {Text.Quote(plan.Requester)}; only its requester's grant can be extended";
        if (!string.Equals(granted.Resource, plan.Resource, StringComparison.Ordinal) || !string.Equals(granted.Role, plan.Role, StringComparison.Ordinal))
        {
            return $"{which} granted the {Text.Quote(granted.Role ?? "")} role on {Text.Quote(granted.Resource ?? "")}, not {Text.Quote(plan.Role)} on {Text.Quote(plan.Resource)}; an extension keeps its grant's resource and role";
        }
        return null;
    }

    private static Finding Problem(AccessPlan plan, string message) => Finding.Error(plan.RequestPath, SourcePosition.File, "extension.refused", message);

    private static string Number(int pullRequest) => pullRequest.ToString(CultureInfo.InvariantCulture);
}
