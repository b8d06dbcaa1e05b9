using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Wire;

/// <summary>
/// The PROXY protocol header (versions 1 and 2, as HAProxy specifies them) that a TCP load balancer sends first on
/// each connection, naming the client it accepted: with <c>GitJit:Gateway:ProxyProtocol</c> on, every connection must
/// start with one, and the address it names is the session's client address in the log and the records.
/// </summary>
internal static class ProxyHeader
{
    private const int MaxV1Length = 107;
    private const int MaxV2Addresses = 512;
    private static readonly byte[] V2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// Reads the header; returns the client it names, or null when it names none (v1 <c>UNKNOWN</c>, v2 <c>LOCAL</c>: the
    /// balancer's own health check, or a family other than TCP over IPv4/IPv6).
    /// </summary>
    /// <exception cref="WireProtocolException">The connection does not start with a valid header.</exception>
    public static async Task<IPEndPoint?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var start = new byte[12];
        await stream.ReadExactlyAsync(start.AsMemory(0, 6), cancellationToken).ConfigureAwait(false);
        if (start.AsSpan(0, 6).SequenceEqual("PROXY "u8))
        {
            return await ReadV1Async(stream, cancellationToken).ConfigureAwait(false);
        }
        await stream.ReadExactlyAsync(start.AsMemory(6, 6), cancellationToken).ConfigureAwait(false);
        if (!start.AsSpan().SequenceEqual(V2Signature))
        {
            throw new WireProtocolException("the connection does not start with a PROXY protocol header, and GitJit:Gateway:ProxyProtocol is on");
        }
        return await ReadV2Async(stream, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IPEndPoint?> ReadV1Async(Stream stream, CancellationToken cancellationToken)
    {
        var line = new List<byte>(MaxV1Length);
        var one = new byte[1];
        while (!(line.Count >= 2 && line[^2] == '\r' && line[^1] == '\n'))
        {
            if (line.Count + 6 >= MaxV1Length) throw new WireProtocolException("a PROXY protocol v1 header longer than 107 bytes");
            await stream.ReadExactlyAsync(one, cancellationToken).ConfigureAwait(false);
            line.Add(one[0]);
        }
        var fields = Encoding.ASCII.GetString([.. line]).TrimEnd('\r', '\n').Split(' ');
        if (fields is ["UNKNOWN", ..]) return null;
        if (fields is not [("TCP4" or "TCP6") and var family, var source, _, var sourcePort, _]
            || !IPAddress.TryParse(source, out var address)
            || (family == "TCP4") != (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            || !ushort.TryParse(sourcePort, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new WireProtocolException("a malformed PROXY protocol v1 header");
        }
        return new IPEndPoint(address, port);
    }

    private static async Task<IPEndPoint?> ReadV2Async(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var (version, command, family) = (header[0] >> 4, header[0] & 0x0F, header[1]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        if (version != 2 || command > 1 || length > MaxV2Addresses)
        {
            throw new WireProtocolException("a malformed PROXY protocol v2 header");
        }
        var addresses = new byte[length];
        await stream.ReadExactlyAsync(addresses, cancellationToken).ConfigureAwait(false);
        if (command == 0) return null;
        return family switch
        {
            0x11 when length >= 12 => new IPEndPoint(new IPAddress(addresses.AsSpan(0, 4)), BinaryPrimitives.ReadUInt16BigEndian(addresses.AsSpan(8))),
            0x21 when length >= 36 => new IPEndPoint(new IPAddress(addresses.AsSpan(0, 16)), BinaryPrimitives.ReadUInt16BigEndian(addresses.AsSpan(32))),
            0x11 or 0x21 => throw new WireProtocolException("a PROXY protocol v2 header shorter than its addresses"),
            _ => null,
        };
    }
}
