using System.Globalization;
using System.Text;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Grants;

/// <summary>What the bot says on a pull request when its grant starts and ends. Never a secret: credentials live behind the link.</summary>
public sealed class GrantComments(IOptions<GitJitOptions> options)
{
    /// <summary>Shown in the comment at most; the revoked record keeps more (<see cref="AuditRecord.MaxObjectsDropped"/>).</summary>
    private const int ObjectsShown = 10;

    public string Granted(MergeSource source, AccessPlan plan, ManagedAccess access)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(access);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"🔑 Granted: {Markdown.Code("@" + plan.Requester)} has **{Markdown.Escape(plan.Role)}** on **{Markdown.Escape(plan.Resource)}** ")
          .Append(CultureInfo.InvariantCulture, $"until **{Utc(access.ExpiresAt)}** ({GrantDuration.Format(plan.Duration)}), ")
          .Append(plan.Emergency is null ? "merged as " : "in an emergency, before any approval, at ").Append(Markdown.Code(source.MergeCommitSha[..7])).Append(".\n\n");
        if (options.Value.PublicUrl is { } publicUrl)
        {
            var link = new Uri(publicUrl, $"grants/{source.Repository}/{source.PullRequest.ToString(CultureInfo.InvariantCulture)}");
            md.Append(CultureInfo.InvariantCulture, $"Credentials: {link} (sign in with GitHub as {Markdown.Code("@" + plan.Requester)}; they are minted when you reveal them).\n\n");
        }
        md.AppendLine("**Guardrails**").AppendLine();
        foreach (var line in PlanMarkdown.GuardrailLines(plan.Guardrails)) md.Append("- ").AppendLine(line);
        md.AppendLine().Append("Access ends by itself at expiry. `/gitjit revoke` ends it now (the requester, an approver or an admin).");
        return md.ToString();
    }

    /// <summary>The pull request was merged before the request's start: when access begins and ends, and how to cancel it.</summary>
    public static string Scheduled(MergeSource source, AccessPlan plan, DateTimeOffset startsAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);
        return $"⏰ Scheduled: {Markdown.Code("@" + plan.Requester)} gets **{Markdown.Escape(plan.Role)}** on **{Markdown.Escape(plan.Resource)}** "
            + $"from **{Utc(startsAt)}** until **{Utc(startsAt + plan.Duration)}** ({GrantDuration.Format(plan.Duration)}), merged as {Markdown.Code(source.MergeCommitSha[..7])}. "
            + "Nothing exists until then; the credentials link comes when access begins.\n\n"
            + "`/gitjit revoke` cancels it before it begins (the requester, an approver or an admin).";
    }

    /// <summary>A scheduled grant was cancelled before its start: nothing was, or will be, provisioned.</summary>
    public static string Cancelled(AuditRecord scheduled, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        var start = scheduled.StartsAt is { } startsAt ? $"due to begin at {Utc(startsAt)}" : "scheduled";
        return $"🚫 Cancelled at **{Utc(at)}** because {Markdown.Code("@" + by)} asked: the grant {start} was never made, and nothing will be provisioned. For access, open a new request.";
    }

    public static string Revoked(RevocationOrder order, Revocation revocation, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(revocation);
        var why = order.Reason switch
        {
            AuditReason.Expired => "it expired",
            AuditReason.Early => $"{Markdown.Code("@" + order.By)} asked",
            AuditReason.Emergency => $"emergency stop by {Markdown.Code("@" + order.By)}",
            AuditReason.Orphan => "the reconciler found access without an active grant record",
            AuditReason.Unreviewed => "no code owner approved this emergency grant within its follow-up window",
            _ => order.Reason.ToString(),
        };
        var sessions = revocation.SessionsEnded switch
        {
            0 => "no session was open",
            1 => "1 open session was ended",
            var n => $"{n.ToString(CultureInfo.InvariantCulture)} open sessions were ended",
        };
        var revoked = $"🔒 Revoked at **{Utc(at)}** because {why}; {sessions}. The grant was due to expire at {Utc(order.ExpiresAt)}.";
        return revocation.ObjectsDropped.Count == 0 ? revoked : revoked + "\n\n" + Dropped(revocation.ObjectsDropped);
    }

    /// <summary>
    /// The alert on an emergency grant: it mentions the request's code owners (from CODEOWNERS on the base branch, so
    /// never a name the pull request chose), says by when one of them must approve, and what happens if nobody does.
    /// </summary>
    public static string Emergency(AccessPlan plan, DateTimeOffset followUpBy)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var owners = plan.Approvers.Count == 0 ? "code owners" : string.Join(" ", plan.Approvers.Select(o => o.ToString()));
        return $"🚨 **Emergency access granted without approval.** {owners}: please review this request now. "
            + $"Unless a code owner approves this pull request by **{Utc(followUpBy)}**, the access is revoked then and this pull request is marked for review "
            + $"(label {Markdown.Code(EmergencyGrants.UnreviewedLabel)}). Every step is recorded in {Markdown.Code("audit/")}.";
    }

    /// <summary>The emergency grant's follow-up review came in time.</summary>
    public static string Reviewed(IReadOnlyList<AuditApproval> approvals)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        return $"✅ Emergency access reviewed: approved afterwards by {string.Join(", ", approvals.Select(a => Markdown.Code("@" + a.Reviewer)))}. It stands until it expires.";
    }

    /// <summary>The emergency grant's follow-up window passed without a code owner's approval.</summary>
    public static string Unreviewed(AccessPlan? plan, DateTimeOffset followUpBy, bool revoked)
    {
        var owners = plan is null || plan.Approvers.Count == 0 ? "Code owners" : string.Join(" ", plan.Approvers.Select(o => o.ToString()));
        return $"⚠️ No code owner approved this emergency grant by **{Utc(followUpBy)}**: "
            + (revoked ? "its access has been revoked, and " : "its access had already ended, and ")
            + $"this pull request is marked for review (label {Markdown.Code(EmergencyGrants.UnreviewedLabel)}). {owners}: please review what was done with it.";
    }

    private static string Dropped(IReadOnlyList<string> objects)
    {
        var count = objects.Count == 1 ? "1 object" : $"{objects.Count.ToString(CultureInfo.InvariantCulture)} objects";
        var md = new StringBuilder($"🧹 The grant's role had created {count}, dropped with it (never handed to anyone):\n\n");
        foreach (var dropped in objects.Take(ObjectsShown)) md.Append("- ").AppendLine(Markdown.Code(dropped));
        if (objects.Count > ObjectsShown)
        {
            md.Append(CultureInfo.InvariantCulture, $"- … and {objects.Count - ObjectsShown} more (the revoked record lists up to {AuditRecord.MaxObjectsDropped})\n");
        }
        return md.ToString().TrimEnd('\n');
    }

    /// <summary>A time as every comment writes it: <c>2026-11-28 14:00:00 UTC</c> (the plan's way, <see cref="Markdown.Utc"/>).</summary>
    internal static string Utc(DateTimeOffset time) => Markdown.Utc(time);
}
