using GitJit.Gateway.Sessions;

namespace GitJit.Server.Gateway;

/// <summary>
/// The gateway's logins with their write side: a reveal saves one, a revocation ends it. One login per grant, named
/// after the grant's role. The upstream role's password is kept only encrypted (<see cref="UpstreamSecrets"/>), the gateway
/// password only as its SCRAM verifier; neither is ever logged.
/// </summary>
public interface IGatewayLoginStore : IGatewayLogins
{
    /// <summary>
    /// Saves <paramref name="login"/> under its user, replacing what an earlier reveal saved (its verifier and upstream
    /// password stop working). Refused with <see cref="InvalidOperationException"/> when the login was ended: an ended grant
    /// never logs in again.
    /// </summary>
    Task SaveAsync(GatewayLogin login, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the expiry of <paramref name="grantId"/>'s live logins (and their shared cancel keys) to
    /// <paramref name="expiresAt"/>, when that is later: an extended grant's sessions go on, and each gateway instance
    /// learns the new expiry when the old one comes. Harmless when there is none, or it ended.
    /// </summary>
    Task ExtendAsync(string grantId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the logins of <paramref name="grantId"/> at <paramref name="at"/> (and forgets their upstream password):
    /// <see cref="IGatewayLogins.FindAsync"/> no longer finds them and <see cref="IGatewayLogins.EndedAsync"/> reports the
    /// grant, on every instance. Harmless when there is none, or it already ended.
    /// </summary>
    Task EndAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken);
}
