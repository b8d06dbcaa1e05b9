using System.Buffers;
using System.Buffers.Binary;

namespace GitJit.Gateway.Wire.Protocol;

/// <summary>Cuts typed messages (type byte, length, body) out of what a pipe has read so far.</summary>
internal static class Framing
{
    /// <summary>
    /// The next whole message of <paramref name="buffer"/>, which then starts after it; false when it is not all there
    /// yet. <paramref name="message"/> is the whole message, header included, for relaying as it is.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out byte type, out ReadOnlySequence<byte> message, out ReadOnlySequence<byte> body)
    {
        type = 0;
        message = body = default;
        if (buffer.Length < 5) return false;
        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header[1..]);
        if (length < 4 || length > maxLength)
        {
            throw new WireProtocolException($"a message of length {length}");
        }
        if (buffer.Length < length + 1L) return false;
        type = header[0];
        message = buffer.Slice(0, length + 1);
        body = message.Slice(5);
        buffer = buffer.Slice(length + 1);
        return true;
    }

    /// <summary>The body as one span: itself when it lies in one segment, else copied into <paramref name="rented"/> (return it).</summary>
    public static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> body, ref byte[]? rented)
    {
        if (body.IsSingleSegment) return body.FirstSpan;
        rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
        body.CopyTo(rented);
        return rented.AsSpan(0, (int)body.Length);
    }

    public static void Return(byte[]? rented)
    {
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>Reads one typed message from a stream (handshake only): its type and body.</summary>
    public static async ValueTask<(byte Type, byte[] Body)> ReadAsync(Stream stream, int maxLength, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length < 4 || length > maxLength)
        {
            throw new WireProtocolException($"a message of length {length}");
        }
        var body = new byte[length - 4];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return (header[0], body);
    }
}
