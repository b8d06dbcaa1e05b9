using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Server.Gateway;
using GitJit.Server.Jobs;

namespace GitJit.Server.Grants;

/// <summary>
/// Extends an active grant in place: the same role, its privileges, password and live sessions untouched; only its
/// end moves. Asked for by <c>/gitjit extend</c> (a role extended without approval) or by merging an approved
/// extension request (<see cref="ExtensionAsk.Merge"/>). Under the pull request's lock, so a revocation sees the grant
/// before or after, never half: the provider's expiry moves first (the role's marker and <c>VALID UNTIL</c>), then the
/// gateway's logins, then the <c>extended</c> record. The revocation scheduled at the old expiry finds the record and
/// moves itself to the new one; if the record never came (a crash, retries spent), it ends the access at the old
/// expiry, as the records say. A retry extends once: before its record, it computes the same new expiry from the same
/// records; after it, it finds the record of its ask (the comment, or the extension request) and only answers again.
/// </summary>
public sealed class GrantExtender(
    AccessProviders providers, IAuditTrail audit, IGatewayLoginStore gatewayLogins, JobLocks locks, ExpiryReminders reminders, TimeProvider time, ILogger<GrantExtender> logger)
{
    /// <summary>
    /// Extends the grant <paramref name="granted"/> records by <paramref name="extension"/>, up to <paramref name="role"/>'s
    /// <c>maxDuration</c> in all, for <paramref name="by"/> (the requester; the caller checked), who asked in comment
    /// <paramref name="commentId"/>. What to reply.
    /// </summary>
    public async Task<string> ExtendAsync(AuditLocation location, AuditRecord granted, PolicyRole role, TimeSpan extension, string by, long? commentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        var outcome = await ExtendAsync(location, granted, new ExtensionLimit(role.Name, role.MaxDuration), extension, new ExtensionAsk(by, commentId), cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } why ? $"@{by} {why}" : Extended(by, outcome, role.MaxDuration);
    }

    /// <summary>
    /// Extends the grant <paramref name="granted"/> records by <paramref name="extension"/> within <paramref name="limit"/>,
    /// because of <paramref name="ask"/>; the outcome says until when, or why not (nothing was changed then).
    /// </summary>
    public async Task<ExtensionOutcome> ExtendAsync(AuditLocation location, AuditRecord granted, ExtensionLimit limit, TimeSpan extension, ExtensionAsk ask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(ask);
        var pullRequest = granted.PullRequest!.Value;
        await using var pullRequestLock = await locks.AcquireAsync(location.Owner, location.Name, pullRequest, PullRequestLock.JobTimeout, cancellationToken).ConfigureAwait(false);

        var mine = await RecordsAsync(location, granted, cancellationToken).ConfigureAwait(false);
        var start = granted.GrantedAt ?? granted.At;
        if (mine.FirstOrDefault(ask.Made) is { ExpiresAt: { } done, Extension: { } added })
        {
            return new ExtensionOutcome(start, done, added, null);
        }
        var judged = Judge(mine, granted, limit, extension);
        if (judged.Refusal is not null) return Refuse(granted, ask.By, judged);
        var extended = judged.ExpiresAt;

        var provider = providers.For(granted.Provider!);
        var access = (await provider.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(m => m.GrantId == granted.Request);
        if (access is null) return Refuse(granted, ask.By, judged with { Refusal = "its access is no longer in the target (revoked?); nothing to extend." });
        try
        {
            access = await provider.ExtendAsync(access, extended, cancellationToken).ConfigureAwait(false);
        }
        catch (AccessRefusedException e)
        {
            return Refuse(granted, ask.By, judged with { Refusal = $"the {granted.Provider} target refused: {e.Message}. Nothing was changed." });
        }
        await gatewayLogins.ExtendAsync(granted.Request, extended, cancellationToken).ConfigureAwait(false);
        var sequence = GrantExpiry.Extensions(mine) + 1;
        await audit.AppendAsync(location, AuditRecords.Extended(granted, extended, extension, ask, sequence, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        Log.Extended(logger, granted.Request, ask.By, extended, extension);
        reminders.Schedule(ExpiryReminder.For(location, pullRequest, granted.Request, extended));
        return judged;
    }

    /// <summary>
    /// Whether the grant <paramref name="granted"/> records could be extended by <paramref name="extension"/> within
    /// <paramref name="limit"/> now, judged as <see cref="ExtendAsync(AuditLocation, AuditRecord, ExtensionLimit, TimeSpan, ExtensionAsk, CancellationToken)"/>
    /// would judge it, changing nothing: for asking approval of an extension that could not be made anyway.
    /// </summary>
    public async Task<ExtensionOutcome> JudgeAsync(AuditLocation location, AuditRecord granted, ExtensionLimit limit, TimeSpan extension, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(granted);
        return Judge(await RecordsAsync(location, granted, cancellationToken).ConfigureAwait(false), granted, limit, extension);
    }

    private async Task<List<AuditRecord>> RecordsAsync(AuditLocation location, AuditRecord granted, CancellationToken cancellationToken) =>
        [.. (await audit.ReadAsync(location, granted.PullRequest!.Value, cancellationToken).ConfigureAwait(false))
            .Where(r => string.Equals(r.Request, granted.Request, StringComparison.Ordinal))];

    /// <summary>The one judgement of an extension: the grant still active, and its whole length within the limit.</summary>
    private ExtensionOutcome Judge(List<AuditRecord> mine, AuditRecord granted, ExtensionLimit limit, TimeSpan extension)
    {
        var start = granted.GrantedAt ?? granted.At;
        var expiresAt = GrantExpiry.Of(mine) ?? granted.ExpiresAt!.Value;
        var extended = expiresAt + extension;
        ExtensionOutcome Refused(string why) => new(start, expiresAt, extension, why);
        if (mine.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked)) return Refused("this grant has already been revoked; nothing to extend. For more access, open a new request.");
        // Break-glass stays short: its cap is the emergency's, and its approval has not been given.
        if (granted.Emergency == true) return Refused("an emergency grant is not extended; for more time, open a new request.");
        if (expiresAt <= time.GetUtcNow()) return Refused($"this grant expired at {GrantComments.Utc(expiresAt)}; an extension only continues access that is still active. For more access, open a new request.");
        if (extended - start > limit.MaxDuration)
        {
            var left = limit.MaxDuration - (expiresAt - start);
            return Refused(
                $"extending by {GrantDuration.Format(extension)} would make this grant last {GrantDuration.Format(extended - start)} in all, and the role {Markdown.Code(limit.Role)} allows at most {GrantDuration.Format(limit.MaxDuration)}"
                + (left >= TimeSpan.FromMinutes(1) ? $"; it can be extended by at most {GrantDuration.Format(TimeSpan.FromMinutes(Math.Floor(left.TotalMinutes)))} more." : "; it cannot be extended any further.")
                + " Nothing was changed.");
        }
        return new ExtensionOutcome(start, extended, extension, null);
    }

    /// <summary>What the requester is told when <paramref name="outcome"/> extended the grant.</summary>
    public static string Extended(string by, ExtensionOutcome outcome, TimeSpan maxDuration)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return $"⏱️ {Markdown.Code("@" + by)} extended this grant by **{GrantDuration.Format(outcome.Added)}**: it now ends at **{GrantComments.Utc(outcome.ExpiresAt)}** "
            + $"({GrantDuration.Format(outcome.ExpiresAt - outcome.Start)} in all, of at most {GrantDuration.Format(maxDuration)}). "
            + "Same role, same credentials; open sessions go on, and the revocation moves to the new expiry.";
    }

    private ExtensionOutcome Refuse(AuditRecord granted, string by, ExtensionOutcome refused)
    {
        Log.ExtensionRefused(logger, granted.Request, by, refused.Refusal!);
        return refused;
    }
}

/// <summary>The role an extension is judged by, as the policy has it now: its name, and the longest a grant of it may last in all.</summary>
public sealed record ExtensionLimit(string Role, TimeSpan MaxDuration);

/// <summary>
/// Who asked for an extension and how: <see cref="By"/> (the requester) in comment <see cref="CommentId"/>
/// (<c>/gitjit extend</c>, in place), or by merging the approved extension request <see cref="Merge"/>.
/// </summary>
public sealed record ExtensionAsk(string By, long? CommentId = null, ExtensionMerge? Merge = null)
{
    /// <summary>Whether <paramref name="record"/> is the extension this ask already made (a retry finds it and changes nothing).</summary>
    public bool Made(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Event == AuditEvent.Extended && (Merge is { } merge
            ? record.ExtensionPullRequest == merge.PullRequest
            : CommentId is not null && record.CommentId == CommentId && record.ExtensionPullRequest is null);
    }
}

/// <summary>A merged extension request: its pull request, merge commit, and the approvals (or the rule) it passed with.</summary>
public sealed record ExtensionMerge(int PullRequest, string? PullRequestUrl, string MergeCommit, IReadOnlyList<AuditApproval> Approvals, string? ApprovedByRule);

/// <summary>
/// What an extension came to: the grant's start and its expiry (the new one when extended, the standing one when
/// refused), what was (or would be) added, and <see cref="Refusal"/>, why nothing was changed, or null.
/// </summary>
public sealed record ExtensionOutcome(DateTimeOffset Start, DateTimeOffset ExpiresAt, TimeSpan Added, string? Refusal);
