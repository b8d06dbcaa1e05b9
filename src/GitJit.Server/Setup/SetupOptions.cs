using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace GitJit.Server.Setup;

/// <summary>
/// Who may open <c>/setup</c> while no GitHub App is configured (section <c>GitJit:Setup</c>): the addresses it answers,
/// as IP addresses or CIDR networks. Anyone else gets 404.
/// </summary>
public sealed class SetupOptions
{
    public const string SectionName = "GitJit:Setup";

    /// <summary>Who may open /setup when <see cref="AllowedAddresses"/> is empty: this machine only.</summary>
    public static IReadOnlyList<string> Loopback { get; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>
    /// IP addresses (<c>192.0.2.7</c>) and networks (<c>10.0.0.0/8</c>, <c>fd00::/8</c>); empty (the default) means
    /// <see cref="Loopback"/>. (Empty rather than holding the loopback networks: the configuration binder would add
    /// configured entries to those, not replace them.)
    /// </summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Bound from configuration.")]
    public string[] AllowedAddresses { get; set; } = [];

    /// <summary>The addresses in force: <see cref="AllowedAddresses"/>, or <see cref="Loopback"/> when none is set.</summary>
    public IReadOnlyList<string> Effective => AllowedAddresses.Length > 0 ? AllowedAddresses : Loopback;

    /// <summary>The networks <see cref="Effective"/> names; null when one of them is neither an address nor a network.</summary>
    public IReadOnlyList<IPNetwork>? Networks()
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in Effective)
        {
            var text = entry?.Trim();
            if (IPNetwork.TryParse(text, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(text, out var address)) networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else return null;
        }
        return networks;
    }

    /// <summary>Whether <paramref name="address"/> (an IPv4 address mapped into IPv6 counts as itself) is allowed.</summary>
    public static bool Allows(IReadOnlyList<IPNetwork> networks, IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return networks.Any(n => n.Contains(address));
    }
}
