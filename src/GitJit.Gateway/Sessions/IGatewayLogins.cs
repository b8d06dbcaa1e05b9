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
}
