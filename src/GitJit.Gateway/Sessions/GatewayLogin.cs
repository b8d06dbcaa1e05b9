using GitJit.Core.Model;

namespace GitJit.Gateway.Sessions;

/// <summary>
/// A login the gateway accepts: the name a client connects as, the SCRAM verifier of its gateway password (never the
/// password), the grant it belongs to with that grant's guardrails and expiry, and the upstream server the gateway
/// logs in to <b>as the grant's own role</b>, so PostgreSQL's privileges stay a second wall behind the gateway.
/// </summary>
/// <param name="User">The user name a client sends in its startup message.</param>
/// <param name="Verifier">The verifier of the gateway password.</param>
/// <param name="GrantId">The grant, <c>owner/repo#pull</c>.</param>
/// <param name="Guardrails">The grant's effective guardrails, what every statement is judged against.</param>
/// <param name="ExpiresAt">The grant's expiry: every session of the login ends then, whenever it connected.</param>
/// <param name="Upstream">Where and as whom the gateway logs in.</param>
public sealed record GatewayLogin(string User, ScramVerifier Verifier, string GrantId, Guardrails Guardrails, DateTimeOffset ExpiresAt, UpstreamServer Upstream);

/// <summary>
/// The PostgreSQL server behind a login, and the grant's role there. <see cref="Password"/> is the role's own
/// password, held in memory only while a session logs in; it is never shown, logged or stored in plain text.
/// </summary>
public sealed record UpstreamServer(string Host, int Port, string Database, string User, string Password, UpstreamTls Tls = UpstreamTls.Prefer)
{
    public override string ToString() => $"{User}@{Host}:{Port}/{Database}";
}

/// <summary>How the gateway uses TLS to the upstream server, as libpq's <c>sslmode</c> of the same names.</summary>
public enum UpstreamTls
{
    Disable,
    Prefer,
    Require,
    VerifyFull,
}
