using Hangfire;

namespace GitJit.Server.Intake;

/// <summary>
/// Where verified deliveries land: each delivery is accepted at most once — neither its id nor its body may have been
/// seen before — and the work it carries is queued as a Hangfire job. Accepting is all the webhook endpoint waits for.
/// </summary>
public interface IWebhookInbox
{
    /// <summary>
    /// Accepts <paramref name="work"/> for <paramref name="delivery"/>; false when a delivery with that id, or with that
    /// body, was already accepted.
    /// </summary>
    Task<bool> AcceptAsync(WebhookDelivery delivery, WebhookWork work, CancellationToken cancellationToken);

    /// <summary>Accepted work not yet queued as a job by this instance.</summary>
    int Pending { get; }
}

/// <summary>Delivery ids and body hashes in memory and jobs queued at once: one process on one machine, forgotten on restart.</summary>
public sealed class InMemoryWebhookInbox(IBackgroundJobClient jobs) : IWebhookInbox
{
    private readonly Lock gate = new();
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> bodies = new(StringComparer.Ordinal);

    public int Pending => 0;

    public Task<bool> AcceptAsync(WebhookDelivery delivery, WebhookWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            if (ids.Contains(delivery.Id) || !bodies.Add(delivery.BodySha256)) return Task.FromResult(false);
            ids.Add(delivery.Id);
        }
        work.Enqueue(jobs);
        return Task.FromResult(true);
    }
}
