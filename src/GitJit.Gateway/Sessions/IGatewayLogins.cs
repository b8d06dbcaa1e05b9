namespace GitJit.Gateway.Sessions;

/// <summary>
/// Where the gateway learns its logins. Every gateway instance reads the same storage, so a grant issued through one
/// instance's page logs in through any other, and a revocation reaches every instance's sessions.
/// </summary>
public interface IGatewayLogins
{
    /// <summary>
    /// The login named <paramref name="user"/>, or null when there is none, or its grant was revoked or has expired (the
    /// client then gets the same answer as for a wrong password).
    /// </summary>
    Task<GatewayLogin?> FindAsync(string user, CancellationToken cancellationToken);

    /// <summary>
    /// Which of <paramref name="grantIds"/> have ended (revoked, or past their expiry): the gateway asks about the grants
    /// of its open sessions about every half second, and ends their sessions.
    /// </summary>
    Task<IReadOnlyCollection<string>> EndedAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a session's cancel key where every instance finds it: a client sends its CancelRequest on a connection of
    /// its own, which a load balancer may hand to another instance than the session's. The default keeps nothing, for a
    /// store that only one instance reads.
    /// </summary>
    Task ShareCancelKeyAsync(SharedCancelKey key, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The shared cancel key with this process id and secret, or null.</summary>
    Task<SharedCancelKey?> FindCancelKeyAsync(int processId, int secret, CancellationToken cancellationToken) => Task.FromResult<SharedCancelKey?>(null);

    /// <summary>Forgets a shared cancel key when its session ends (keys of a crashed instance go at their grant's expiry).</summary>
    Task ForgetCancelKeyAsync(int processId, int secret, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// A session's cancel key as every instance may read it: the key its client was given, and what it cancels — the
/// upstream backend (by its own key) of the login <see cref="User"/> of grant <see cref="GrantId"/>.
/// </summary>
/// <param name="ProcessId">The process id the client was given.</param>
/// <param name="Secret">The secret the client was given.</param>
/// <param name="User">The gateway login of the session; its upstream server is where the cancel goes.</param>
/// <param name="GrantId">The session's grant; a login now of another grant cancels nothing.</param>
/// <param name="UpstreamProcessId">The upstream backend's process id.</param>
/// <param name="UpstreamSecret">The upstream backend's cancel secret.</param>
/// <param name="ExpiresAt">The grant's expiry, after which the key is of no use.</param>
public sealed record SharedCancelKey(int ProcessId, int Secret, string User, string GrantId, int UpstreamProcessId, int UpstreamSecret, DateTimeOffset ExpiresAt);
