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
    /// Ends the logins of <paramref name="grantId"/> at <paramref name="at"/> (and forgets their upstream password):
    /// <see cref="IGatewayLogins.FindAsync"/> no longer finds them and <see cref="IGatewayLogins.EndedAsync"/> reports the
    /// grant, on every instance. Harmless when there is none, or it already ended.
    /// </summary>
    Task EndAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken);
}
