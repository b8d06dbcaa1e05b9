using System.Collections.Concurrent;
using GitJit.Core.Grants;

namespace GitJit.Testing;

/// <summary>A hand-written fake provider named <c>postgres</c>: access in a dictionary, idempotent like the real one.</summary>
public sealed class FakeAccessProvider : IAccessProvider
{
    private readonly ConcurrentDictionary<string, ManagedAccess> active = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string GrantId, DateTimeOffset At)> revocations = new();
    private readonly TimeProvider time;

    public FakeAccessProvider(TimeProvider time) => this.time = time;

    public string Name => "postgres";

    /// <summary>Live sessions to report as ended on the next revocation of each grant.</summary>
    public ConcurrentDictionary<string, int> OpenSessions { get; } = new(StringComparer.Ordinal);

    /// <summary>What each grant's principal created, to report as dropped on its next revocation.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<string>> CreatedObjects { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ManagedAccess> Active => [.. active.Values];

    public IReadOnlyList<(string GrantId, DateTimeOffset At)> Revocations => [.. revocations];

    public Task<ManagedAccess> ProvisionAsync(Grant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return Task.FromResult(active.GetOrAdd(grant.Id, _ => new ManagedAccess(grant.Id, Name, grant.Target.Connection, grant.Target.Database, Principal(grant.Id), grant.ExpiresAt, grant.Requester, grant.RequesterId)));
    }

    /// <summary>Puts access in place without any grant job, as a crash or a hand-made role would leave it.</summary>
    public ManagedAccess Plant(string grantId, DateTimeOffset expiresAt) =>
        active[grantId] = new ManagedAccess(grantId, Name, "ORDERS_DB", "orders", Principal(grantId), expiresAt);

    public Task<ManagedAccess> ExtendAsync(ManagedAccess access, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (!active.TryGetValue(access.GrantId, out var held)) throw new AccessRefusedException($"grant '{access.GrantId}' has no access (revoked?)");
        if (held.ExpiresAt <= time.GetUtcNow()) throw new AccessRefusedException($"grant '{access.GrantId}' expired at {held.ExpiresAt:O}; nothing to extend");
        return Task.FromResult(held.ExpiresAt >= expiresAt ? held : active[access.GrantId] = held with { ExpiresAt = expiresAt });
    }

    public Task<Revocation> RevokeAsync(ManagedAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var existed = active.TryRemove(access.GrantId, out _);
        if (existed) revocations.Enqueue((access.GrantId, time.GetUtcNow()));
        OpenSessions.TryRemove(access.GrantId, out var sessions);
        CreatedObjects.TryRemove(access.GrantId, out var objects);
        return Task.FromResult(new Revocation(existed, existed ? sessions : 0) { ObjectsDropped = existed ? objects ?? [] : [] });
    }

    public Task<IReadOnlyList<ManagedAccess>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ManagedAccess>>([.. active.Values]);

    public Task<IReadOnlyList<OpenSessions>> SessionsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OpenSessions>>([.. active.Values
            .Where(a => OpenSessions.GetValueOrDefault(a.GrantId) > 0)
            .Select(a => new OpenSessions(a.Connection, a.Principal, OpenSessions[a.GrantId]))]);

    public Task<AccessCredentials> IssueCredentialsAsync(ManagedAccess access, CancellationToken cancellationToken) =>
        Task.FromResult(new AccessCredentials("127.0.0.1", 5432, access?.Database, access!.Principal, "not-a-real-secret"));

    private static string Principal(string grantId) => "gitjit_" + grantId.Replace('/', '_').Replace('#', '_');
}
