using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GitJit.Gateway.Wire.Protocol;

/// <summary>
/// Builds protocol messages (type byte, then a big-endian length that counts itself) into one growing buffer, for a
/// stream during the handshake or a pipe during the session. Small: a session's messages of its own are short.
/// </summary>
internal sealed class MessageBuilder
{
    private byte[] buffer = new byte[256];
    private int length;
    private int start = -1;

    public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, length);

    public MessageBuilder Start(byte type)
    {
        Ensure(5);
        buffer[length++] = type;
        start = length;
        length += 4;
        return this;
    }

    /// <summary>A startup-phase packet: a length and no type byte.</summary>
    public MessageBuilder StartUntyped()
    {
        Ensure(4);
        start = length;
        length += 4;
        return this;
    }

    public MessageBuilder Int32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(length), value);
        length += 4;
        return this;
    }

    public MessageBuilder Int16(short value)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(length), value);
        length += 2;
        return this;
    }

    public MessageBuilder Byte(byte value)
    {
        Ensure(1);
        buffer[length++] = value;
        return this;
    }

    public MessageBuilder Bytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(buffer.AsSpan(length));
        length += value.Length;
        return this;
    }

    public MessageBuilder CString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        Ensure(count + 1);
        length += Encoding.UTF8.GetBytes(value, buffer.AsSpan(length));
        buffer[length++] = 0;
        return this;
    }

    public MessageBuilder End()
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(start), length - start);
        start = -1;
        return this;
    }

    public void CopyTo(IBufferWriter<byte> writer)
    {
        writer.Write(Written.Span);
        Clear();
    }

    public async ValueTask SendAsync(Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Written, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        Clear();
    }

    public void Clear()
    {
        length = 0;
        if (buffer.Length > 4096)
        {
            buffer = new byte[256];
        }
    }

    private void Ensure(int more)
    {
        if (length + more > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
        }
    }
}
