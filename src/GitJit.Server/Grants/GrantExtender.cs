using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Server.Gateway;
using GitJit.Server.Jobs;

namespace GitJit.Server.Grants;

/// <summary>
/// Extends an active grant in place (<c>/gitjit extend</c>): the same role, its privileges, password and live sessions
/// untouched; only its end moves. Under the pull request's lock, so a revocation sees the grant before or after, never
/// half: the provider's expiry moves first (the role's marker and <c>VALID UNTIL</c>), then the gateway's logins, then
/// the <c>extended</c> record. The revocation scheduled at the old expiry finds the record and moves itself to the new
/// one; if the record never came (a crash, retries spent), it ends the access at the old expiry, as the records say.
/// A retry extends once: before its record, it computes the same new expiry from the same records; after it, it finds
/// the record of its comment and only replies again.
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
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentNullException.ThrowIfNull(role);
        var pullRequest = granted.PullRequest!.Value;
        await using var pullRequestLock = await locks.AcquireAsync(location.Owner, location.Name, pullRequest, PullRequestLock.JobTimeout, cancellationToken).ConfigureAwait(false);

        var mine = (await audit.ReadAsync(location, pullRequest, cancellationToken).ConfigureAwait(false))
            .Where(r => string.Equals(r.Request, granted.Request, StringComparison.Ordinal)).ToList();
        var start = granted.GrantedAt ?? granted.At;
        if (commentId is not null && mine.FirstOrDefault(r => r.Event == AuditEvent.Extended && r.CommentId == commentId) is { ExpiresAt: { } done, Extension: { } added })
        {
            return Extended(by, added, done, start, role);
        }
        if (mine.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked)) return Refuse(granted, by, "this grant has already been revoked; nothing to extend. For more access, open a new request.");
        // Break-glass stays short: its cap is the emergency's, and its approval has not been given.
        if (granted.Emergency == true) return Refuse(granted, by, "an emergency grant is not extended; for more time, open a new request.");
        var now = time.GetUtcNow();
        var expiresAt = GrantExpiry.Of(mine) ?? granted.ExpiresAt!.Value;
        if (expiresAt <= now) return Refuse(granted, by, $"this grant expired at {GrantComments.Utc(expiresAt)}; an extension only continues access that is still active. For more access, open a new request.");

        var extended = expiresAt + extension;
        if (extended - start > role.MaxDuration)
        {
            var left = role.MaxDuration - (expiresAt - start);
            return Refuse(granted, by,
                $"extending by {GrantDuration.Format(extension)} would make this grant last {GrantDuration.Format(extended - start)} in all, and the role {Markdown.Code(role.Name)} allows at most {GrantDuration.Format(role.MaxDuration)}"
                + (left >= TimeSpan.FromMinutes(1) ? $"; it can be extended by at most {GrantDuration.Format(TimeSpan.FromMinutes(Math.Floor(left.TotalMinutes)))} more." : "; it cannot be extended any further.")
                + " Nothing was changed.");
        }

        var provider = providers.For(granted.Provider!);
        var access = (await provider.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(m => m.GrantId == granted.Request);
        if (access is null) return Refuse(granted, by, "its access is no longer in the target (revoked?); nothing to extend.");
        try
        {
            access = await provider.ExtendAsync(access, extended, cancellationToken).ConfigureAwait(false);
        }
        catch (AccessRefusedException e)
        {
            return Refuse(granted, by, $"the {granted.Provider} target refused: {e.Message}. Nothing was changed.");
        }
        await gatewayLogins.ExtendAsync(granted.Request, extended, cancellationToken).ConfigureAwait(false);
        var sequence = GrantExpiry.Extensions(mine) + 1;
        await audit.AppendAsync(location, AuditRecords.Extended(granted, extended, extension, by, commentId, sequence, now), cancellationToken).ConfigureAwait(false);
        Log.Extended(logger, granted.Request, by, extended, extension);
        reminders.Schedule(ExpiryReminder.For(location, pullRequest, granted.Request, extended));
        return Extended(by, extension, extended, start, role);
    }

    private static string Extended(string by, TimeSpan extension, DateTimeOffset extended, DateTimeOffset start, PolicyRole role) =>
        $"⏱️ {Markdown.Code("@" + by)} extended this grant by **{GrantDuration.Format(extension)}**: it now ends at **{GrantComments.Utc(extended)}** "
        + $"({GrantDuration.Format(extended - start)} in all, of at most {GrantDuration.Format(role.MaxDuration)}). "
        + "Same role, same credentials; open sessions go on, and the revocation moves to the new expiry.";

    private string Refuse(AuditRecord granted, string by, string why)
    {
        Log.ExtensionRefused(logger, granted.Request, by, why);
        return $"@{by} {why}";
    }
}
