using GitJit.Core.Audit;

namespace GitJit.Server.Grants;

/// <summary>
/// Every few seconds, pushes the audit records that wait in the <see cref="AuditOutbox"/> (their push failed, or their
/// writer died before it), oldest first. While a branch cannot be pushed it says so once a minute (event 1080, with how
/// many records wait and since when), and when they are in git at last (1081).
/// </summary>
public sealed partial class AuditOutboxPusher(IAuditTrail audit, TimeProvider time, ILogger<AuditOutboxPusher> logger) : BackgroundService
{
    /// <summary>How often the outbox is looked at.</summary>
    internal static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    /// <summary>Records younger than this are left to their writer, whose push is most likely under way.</summary>
    internal static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RepeatWarning = TimeSpan.FromMinutes(1);
    private readonly Dictionary<(string CloneUrl, string Branch), (DateTimeOffset At, string Repository)> warned = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Tests and single-purpose hosts may replace the trail; only git's has an outbox.
        if (audit is not GitAuditTrail trail) return;
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                await PushAsync(trail, stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The outbox's own database may be down for a while: the next round tries again.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                OutboxUnreadable(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task PushAsync(GitAuditTrail trail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failures = await trail.PushWaitingAsync(now - Settle, cancellationToken).ConfigureAwait(false);
        var failed = failures.Select(f => (f.Backlog.Location.CloneUrl, f.Backlog.Location.Branch)).ToHashSet();
        foreach (var failure in failures)
        {
            var key = (failure.Backlog.Location.CloneUrl, failure.Backlog.Location.Branch);
            if (warned.TryGetValue(key, out var last) && now - last.At < RepeatWarning) continue;
            warned[key] = (now, failure.Backlog.Location.Repository);
            RecordsWaiting(logger, failure.Backlog.Count, failure.Backlog.Location.Repository, failure.Backlog.Location.Branch, now - failure.Backlog.Since, failure.Error.Message);
        }
        foreach (var (key, last) in warned.Where(w => !failed.Contains(w.Key)).ToList())
        {
            warned.Remove(key);
            RecordsPushed(logger, last.Repository, key.Branch);
        }
    }

    [LoggerMessage(EventId = 1080, Level = LogLevel.Warning, Message = "{Count} audit record(s) of {Repository} wait to be pushed to {Branch} (the oldest for {Age}): {Error}. They are kept, and pushed in order once git takes them.")]
    private static partial void RecordsWaiting(ILogger logger, int count, string repository, string branch, TimeSpan age, string error);

    [LoggerMessage(EventId = 1081, Level = LogLevel.Information, Message = "The audit records of {Repository} that waited are pushed to {Branch}")]
    private static partial void RecordsPushed(ILogger logger, string repository, string branch);

    [LoggerMessage(EventId = 1082, Level = LogLevel.Warning, Message = "Could not read the audit outbox; trying again shortly")]
    private static partial void OutboxUnreadable(ILogger logger, Exception exception);
}
