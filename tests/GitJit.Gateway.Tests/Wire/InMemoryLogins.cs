using System.Collections.Concurrent;
using GitJit.Gateway.Sessions;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>Logins held in memory; <see cref="End"/> makes a grant ended, as a revocation does.</summary>
internal sealed class InMemoryLogins : IGatewayLogins
{
    private readonly ConcurrentDictionary<string, GatewayLogin> logins = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> ended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int, int), SharedCancelKey> cancelKeys = new();

    public int EndedCalls;

    public void Add(GatewayLogin login) => logins[login.User] = login;

    public void End(string grantId) => ended[grantId] = 0;

    /// <summary>When set, finding a login fails, as storage that cannot be reached does.</summary>
    public bool FindFails { get; set; }

    public Task<GatewayLogin?> FindAsync(string user, CancellationToken cancellationToken) =>
        FindFails
            ? Task.FromException<GatewayLogin?>(new IOException("the logins cannot be read"))
            : Task.FromResult(logins.TryGetValue(user, out var login) && !ended.ContainsKey(login.GrantId) ? login : null);

    public Task<IReadOnlyCollection<string>> EndedAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref EndedCalls);
        return Task.FromResult<IReadOnlyCollection<string>>([.. grantIds.Where(ended.ContainsKey)]);
    }

    public int SharedCancelKeys => cancelKeys.Count;

    public Task ShareCancelKeyAsync(SharedCancelKey key, CancellationToken cancellationToken)
    {
        cancelKeys[(key.ProcessId, key.Secret)] = key;
        return Task.CompletedTask;
    }

    public int CancelKeyLookups;

    public Task<SharedCancelKey?> FindCancelKeyAsync(int processId, int secret, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref CancelKeyLookups);
        return Task.FromResult(cancelKeys.GetValueOrDefault((processId, secret)));
    }

    public Task ForgetCancelKeyAsync(int processId, int secret, CancellationToken cancellationToken)
    {
        cancelKeys.TryRemove((processId, secret), out _);
        return Task.CompletedTask;
    }
}
