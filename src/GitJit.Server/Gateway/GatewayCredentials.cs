using System.Buffers.Text;
using System.Security.Cryptography;
using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Gateway.Sessions;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Gateway;

/// <summary>
/// Credentials for a grant whose sessions must go through the gateway: the upstream role's fresh password goes only
/// (encrypted) into the grant's gateway login, and the requester is given the gateway's address and a fresh gateway
/// password, of which only the verifier is kept.
/// </summary>
public sealed class GatewayCredentials(IGatewayLoginStore logins, IOptions<GatewayOptions> options)
{
    /// <summary>Where requesters connect; null when the gateway has no address configured (then nothing can be revealed).</summary>
    public GatewayAddress? Address => GatewayAddress.From(options.Value);

    /// <summary>
    /// Saves the login of <paramref name="grantId"/> for <paramref name="upstream"/> (the provider's fresh credentials) and
    /// returns what the requester is shown instead: the gateway's address, the login's name (the role's) and a new
    /// password; the upstream password is in neither.
    /// </summary>
    public async Task<AccessCredentials> IssueAsync(string grantId, Guardrails guardrails, DateTimeOffset expiresAt, AccessCredentials upstream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var address = Address ?? throw new InvalidOperationException("the gateway has no address (GitJit:Gateway:PublicHost / PublicPort or Listen)");
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var login = new GatewayLogin(upstream.User, ScramVerifier.Create(password), grantId, guardrails, expiresAt,
            new UpstreamServer(upstream.Host, upstream.Port, upstream.Database ?? "", upstream.User, upstream.Secret, Tls(upstream.SslMode)));
        await logins.SaveAsync(login, cancellationToken).ConfigureAwait(false);
        return new AccessCredentials(address.Host, address.Port, upstream.Database, login.User, password,
            string.IsNullOrWhiteSpace(options.Value.Certificate) ? null : "require");
    }

    /// <summary>libpq's <c>sslmode</c> as the gateway uses it upstream; <c>verify-ca</c> is held to <c>verify-full</c>, never weakened.</summary>
    internal static UpstreamTls Tls(string? sslMode) => sslMode switch
    {
        "disable" => UpstreamTls.Disable,
        "require" => UpstreamTls.Require,
        "verify-ca" or "verify-full" => UpstreamTls.VerifyFull,
        _ => UpstreamTls.Prefer,
    };
}
