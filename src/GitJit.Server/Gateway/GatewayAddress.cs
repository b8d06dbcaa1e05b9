using System.Globalization;
using System.Net;
using GitJit.Gateway.Sessions;

namespace GitJit.Server.Gateway;

/// <summary>Where requesters are told to connect to the gateway.</summary>
public sealed record GatewayAddress(string Host, int Port)
{
    /// <summary>
    /// <see cref="GatewayOptions.PublicHost"/> and <see cref="GatewayOptions.PublicPort"/>, each falling back to the
    /// <see cref="GatewayOptions.Listen"/> address; null when that leaves no host or no port. A wildcard listen address
    /// (<c>0.0.0.0</c>, <c>::</c>) is no place to send anyone: with one, only <c>PublicHost</c> gives a host.
    /// </summary>
    public static GatewayAddress? From(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listen = ParseListen(options.Listen);
        var host = string.IsNullOrWhiteSpace(options.PublicHost) ? listen is { Address: var a } && !IsWildcard(a) ? a.ToString() : null : options.PublicHost.Trim();
        var port = options.PublicPort ?? listen?.Port;
        return host is null || port is null ? null : new GatewayAddress(host, port.Value);
    }

    /// <summary><c>address:port</c> (<c>0.0.0.0:6432</c>, <c>[::1]:6432</c>) as an endpoint; null when empty or not one.</summary>
    public static IPEndPoint? ParseListen(string? listen) =>
        !string.IsNullOrWhiteSpace(listen) && IPEndPoint.TryParse(listen.Trim(), out var endpoint) && endpoint.Port > 0 ? endpoint : null;

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
