using System.Collections.Concurrent;

namespace GitJit.Server;

/// <summary>Remembers webhook delivery ids, so each delivery is handled at most once.</summary>
public interface IDeliveryLog
{
    /// <summary>Records <paramref name="deliveryId"/>; false when it was already recorded.</summary>
    Task<bool> TryRecordAsync(string deliveryId, CancellationToken cancellationToken);
}

/// <summary>Delivery ids in memory: enough for one process on one machine, forgotten on restart.</summary>
public sealed class InMemoryDeliveryLog : IDeliveryLog
{
    private readonly ConcurrentDictionary<string, byte> seen = new(StringComparer.Ordinal);

    public Task<bool> TryRecordAsync(string deliveryId, CancellationToken cancellationToken) =>
        Task.FromResult(seen.TryAdd(deliveryId, 0));
}
