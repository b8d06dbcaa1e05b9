namespace GitJit.Gateway.Wire.Protocol;

/// <summary>A peer sent something the protocol does not allow; the session ends (SQLSTATE 08P01 to a client).</summary>
internal sealed class WireProtocolException : IOException
{
    public WireProtocolException()
    {
    }

    public WireProtocolException(string message) : base(message)
    {
    }

    public WireProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
