using System.Collections.Concurrent;
using System.Security.Cryptography;
using GitJit.Gateway.Sessions;

namespace GitJit.Gateway.Wire;

/// <summary>
/// The keys the gateway hands its clients in BackendKeyData, each mapped to the upstream backend's own key: a client
/// never learns the server's process id or secret, and a CancelRequest reaches the backend of its own session only.
/// </summary>
internal sealed class CancelKeys
{
    private readonly ConcurrentDictionary<int, CancelTarget> targets = new();

    public int Count => targets.Count;

    /// <summary>A fresh key (process id, secret) for a session whose upstream backend has <paramref name="upstreamProcessId"/>/<paramref name="upstreamSecret"/>.</summary>
    public (int ProcessId, int Secret) Add(Guid sessionId, UpstreamServer upstream, int upstreamProcessId, int upstreamSecret)
    {
        var secret = RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        while (true)
        {
            var processId = RandomNumberGenerator.GetInt32(1, int.MaxValue);
            if (targets.TryAdd(processId, new CancelTarget(sessionId, secret, upstream, upstreamProcessId, upstreamSecret)))
            {
                return (processId, secret);
            }
        }
    }

    public void Remove(int processId) => targets.TryRemove(processId, out _);

    /// <summary>The target of a client's key, or null when the key is not one handed out (or its secret is wrong).</summary>
    public CancelTarget? Find(int processId, int secret) =>
        targets.TryGetValue(processId, out var target) && CryptographicOperations.FixedTimeEquals(BitConverter.GetBytes(target.Secret), BitConverter.GetBytes(secret))
            ? target
            : null;
}

internal sealed record CancelTarget(Guid SessionId, int Secret, UpstreamServer Upstream, int UpstreamProcessId, int UpstreamSecret);
