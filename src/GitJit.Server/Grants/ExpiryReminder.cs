using GitJit.Core.Audit;
using GitJit.Server.Hosting;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Grants;

/// <summary>A reminder that grant <see cref="GrantId"/> ends at <see cref="ExpiresAt"/>, as job arguments: where its records and pull request are.</summary>
public sealed record ExpiryReminder(long Installation, string Repository, string CloneUrl, string Branch, int PullRequest, string GrantId, DateTimeOffset ExpiresAt)
{
    [Newtonsoft.Json.JsonIgnore]
    public AuditLocation Location => new(Installation, Repository, CloneUrl, Branch);

    public static ExpiryReminder For(AuditLocation location, int pullRequest, string grantId, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new(location.Installation, location.Repository, location.CloneUrl, location.Branch, pullRequest, grantId, expiresAt);
    }
}

/// <summary>
/// Schedules the "expiring soon" comment (<see cref="ExpiryReminderJob"/>) <see cref="GitJitOptions.ExpiryReminder"/>
/// before a grant's expiry: when it is granted, and again when it is extended.
/// </summary>
public sealed class ExpiryReminders(IOptions<GitJitOptions> options, IBackgroundJobClient jobs, TimeProvider time)
{
    /// <summary>How long before expiry the reminder comes; zero when reminders are off.</summary>
    public TimeSpan Lead => options.Value.ExpiryReminder;

    /// <summary>Schedules the reminder of access expiring at <paramref name="reminder"/>'s time, when reminders are on and more than twice the lead is left; whether it did.</summary>
    public bool Schedule(ExpiryReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        if (Lead <= TimeSpan.Zero || reminder.ExpiresAt - time.GetUtcNow() <= 2 * Lead) return false;
        jobs.Schedule<ExpiryReminderJob>(job => job.RemindAsync(reminder, CancellationToken.None), reminder.ExpiresAt - Lead);
        return true;
    }
}
