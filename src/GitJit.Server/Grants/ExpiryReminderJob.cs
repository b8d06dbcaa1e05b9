using System.Globalization;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.GitHub;

namespace GitJit.Server.Grants;

/// <summary>
/// Tells the requester, shortly before a grant expires, when it ends and how to keep working: <c>/gitjit extend</c>
/// while the role (as the policy stands now) leaves time to add — in place, or through an extension request to approve
/// when the role needs approval — else a new request. A grant extended since the reminder was
/// scheduled is reminded by the reminder its extension scheduled; an ended one is not. One comment per expiry, found
/// again by its marker, so a retry posts nothing more.
/// </summary>
public sealed class ExpiryReminderJob(GitHubAppClients clients, IAuditTrail audit, IPullRequestComments comments, ExpiryReminders reminders, TimeProvider time, ILogger<ExpiryReminderJob> logger)
{
    /// <summary>A reminder that comes later than this after its time (a queue held up, an outage) is not sent at all: it would say less than the revocation.</summary>
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(1);

    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task RemindAsync(ExpiryReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var location = reminder.Location;
        var mine = (await audit.ReadAsync(location, reminder.PullRequest, cancellationToken).ConfigureAwait(false))
            .Where(r => string.Equals(r.Request, reminder.GrantId, StringComparison.Ordinal)).ToList();
        if (mine.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked)) return;
        if (mine.FirstOrDefault(r => r.Event == AuditEvent.Granted) is not { Resource: { } resource, Role: { } roleName, Requester: { } requester } granted) return;
        var expiresAt = GrantExpiry.Of(mine) ?? reminder.ExpiresAt;
        var now = time.GetUtcNow();
        // Extended since: the extension scheduled the reminder of its own expiry (when there was time for one).
        if (expiresAt > reminder.ExpiresAt) return;
        var left = expiresAt - now;
        if (left <= TimeSpan.Zero || left < reminders.Lead - Stale) return;

        var client = await clients.ForInstallationAsync(location.Installation, cancellationToken).ConfigureAwait(false);
        var role = await CurrentRules.RoleAsync(client, location, resource, roleName, cancellationToken).ConfigureAwait(false);
        var start = granted.GrantedAt ?? granted.At;
        var how = role is null || expiresAt - start >= role.MaxDuration
            ? "It cannot be extended any further; for more time, open a new request."
            : $"To keep working, comment {Markdown.Code("/gitjit extend 30m")} here (any duration, up to {GrantDuration.Format(role.MaxDuration)} in all; "
              + $"{GrantDuration.Format(role.MaxDuration - (expiresAt - start))} left to add)"
              + (role.ExtendWithoutApproval
                  ? ": same role, same credentials, open sessions go on."
                  : ": GitJit opens an extension request for a code owner to approve, and merging it moves the end; same role, same credentials, open sessions go on.");
        var body = $"⏳ @{requester} this grant ends at **{GrantComments.Utc(expiresAt)}**, "
            + $"in about {Minutes(left)}, and its sessions end with it. {how}";
        await comments.EnsureAsync(location.Installation, location.Owner, location.Name, reminder.PullRequest,
            "expiring:" + expiresAt.UtcTicks.ToString(CultureInfo.InvariantCulture), body, cancellationToken).ConfigureAwait(false);
        Log.ExpiryReminded(logger, reminder.GrantId, expiresAt);
    }

    private static string Minutes(TimeSpan left) =>
        left < TimeSpan.FromMinutes(1.5) ? "a minute" : $"{Math.Round(left.TotalMinutes).ToString(CultureInfo.InvariantCulture)} minutes";
}
