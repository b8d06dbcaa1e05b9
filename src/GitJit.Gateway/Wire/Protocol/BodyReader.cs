using System.Buffers.Binary;
using System.Text;

namespace GitJit.Gateway.Wire.Protocol;

/// <summary>Reads the fields of one message body; a field past the end throws <see cref="WireProtocolException"/>.</summary>
internal ref struct BodyReader(ReadOnlySpan<byte> body)
{
    private ReadOnlySpan<byte> rest = body;

    public readonly bool End => rest.IsEmpty;

    public readonly ReadOnlySpan<byte> Rest => rest;

    public int Int32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadInt32BigEndian(rest);
        rest = rest[4..];
        return value;
    }

    public short Int16()
    {
        Need(2);
        var value = BinaryPrimitives.ReadInt16BigEndian(rest);
        rest = rest[2..];
        return value;
    }

    public byte Byte()
    {
        Need(1);
        var value = rest[0];
        rest = rest[1..];
        return value;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0) throw new WireProtocolException("a negative length in a message");
        Need(count);
        var value = rest[..count];
        rest = rest[count..];
        return value;
    }

    public ReadOnlySpan<byte> CStringBytes()
    {
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw new WireProtocolException("a string without its terminating NUL");
        var value = rest[..end];
        rest = rest[(end + 1)..];
        return value;
    }

    /// <summary>A NUL-terminated string, read as UTF-8; invalid UTF-8 is a protocol violation (the judge reads UTF-8).</summary>
    public string CString() => Utf8(CStringBytes()) ?? throw new WireProtocolException("a string that is not valid UTF-8");

    /// <summary><paramref name="bytes"/> read as UTF-8, or null when they are not valid UTF-8.</summary>
    public static string? Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly void Need(int count)
    {
        if (rest.Length < count) throw new WireProtocolException("a message shorter than its fields");
    }
}
