using System.Collections.Concurrent;
using Hangfire;

namespace GitJit.Server;

/// <summary>
/// Where verified deliveries land: each delivery id is accepted at most once, and the work it carries is queued as a
/// Hangfire job. Accepting is all the webhook endpoint waits for.
/// </summary>
public interface IWebhookInbox
{
    /// <summary>Accepts <paramref name="work"/> for <paramref name="deliveryId"/>; false when that delivery was already accepted.</summary>
    Task<bool> AcceptAsync(string deliveryId, WebhookWork work, CancellationToken cancellationToken);

    /// <summary>Accepted work not yet queued as a job by this instance.</summary>
    int Pending { get; }
}

/// <summary>Delivery ids in memory and jobs queued at once: one process on one machine, forgotten on restart.</summary>
public sealed class InMemoryWebhookInbox(IBackgroundJobClient jobs) : IWebhookInbox
{
    private readonly ConcurrentDictionary<string, byte> seen = new(StringComparer.Ordinal);

    public int Pending => 0;

    public Task<bool> AcceptAsync(string deliveryId, WebhookWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!seen.TryAdd(deliveryId, 0)) return Task.FromResult(false);
        work.Enqueue(jobs);
        return Task.FromResult(true);
    }
}
