namespace GitJit.Gateway.Sessions;

/// <summary>The guarded gateway's settings (section <c>GitJit:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "GitJit:Gateway";

    /// <summary>Where the gateway listens, <c>address:port</c> (<c>0.0.0.0:6432</c>); no gateway when empty.</summary>
    public string? Listen { get; set; }

    /// <summary>The host name clients are told to connect to (the credentials page); the listen address when unset.</summary>
    public string? PublicHost { get; set; }

    /// <summary>The port clients are told to connect to; the listen port when unset.</summary>
    public int? PublicPort { get; set; }

    /// <summary>A PEM file with the gateway's TLS certificate (chain first); TLS is offered only with one.</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM file with the certificate's private key; the certificate file itself when unset.</summary>
    public string? CertificateKey { get; set; }

    /// <summary>Refuse clients that do not use TLS (needs <see cref="Certificate"/>).</summary>
    public bool RequireTls { get; set; }

    /// <summary>
    /// Every connection starts with a PROXY protocol header (v1 or v2) from the TCP load balancer in front, and the client
    /// it names is the session's client address. Turn it on only when the gateway's port is reachable through the
    /// balancer alone: a header sent by anyone else would be believed.
    /// </summary>
    public bool ProxyProtocol { get; set; }

    /// <summary>
    /// How long the statement log keeps statements and ended sessions (default 30 days); older ones are deleted about
    /// once an hour. What a grant's sessions did stays in git, in its <c>revoked</c> record's session report.
    /// </summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);
}
