using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Alerts;

/// <summary>
/// Tells people when access outlives its expiry: each time the reconciler finds it so, it is logged (event 1028), and
/// at most every <see cref="Repeat"/> per grant (per instance) it is sent as an alert — a comment on the pull request
/// and the alerts webhook, as configured for refusals — through a retried <see cref="AlertJob"/>.
/// </summary>
public sealed class OverdueAlerts(IBackgroundJobClient jobs, IOptions<AlertOptions> options, TimeProvider time, ILogger<OverdueAlerts> logger)
{
    /// <summary>How often one grant's alert is repeated while its access stays.</summary>
    public static readonly TimeSpan Repeat = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, DateTimeOffset> told = new(StringComparer.Ordinal);

    /// <summary>The access of <paramref name="grantId"/>, due to end at <paramref name="expiresAt"/>, is still there because of <paramref name="why"/>.</summary>
    public void Tell(string grantId, DateTimeOffset expiresAt, string why)
    {
        var alert = OverdueAlert.For(grantId, expiresAt, time.GetUtcNow(), why);
        Log.Overdue(logger, grantId, expiresAt, alert.Late, alert.Why);
        lock (told)
        {
            if (told.TryGetValue(grantId, out var last) && alert.At - last < Repeat) return;
            told[grantId] = alert.At;
        }
        try
        {
            if (options.Value.Comments) jobs.Enqueue<AlertJob>(job => job.OverdueCommentAsync(alert, CancellationToken.None));
            if (options.Value.WebhookUrl is not null) jobs.Enqueue<AlertJob>(job => job.OverdueWebhookAsync(alert, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job storage is down as well: the log line above is what remains.
            Log.OverdueNotQueued(logger, e, grantId);
        }
    }

    /// <summary>The access of <paramref name="grantId"/> is gone: its next overdue, if ever, is told at once.</summary>
    public void Ended(string grantId)
    {
        lock (told) told.Remove(grantId);
    }
}
