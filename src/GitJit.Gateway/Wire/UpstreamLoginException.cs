namespace GitJit.Gateway.Wire;

/// <summary>The gateway could not log in upstream. <see cref="Exception.Message"/> is for the log (no secret); the client is told less.</summary>
internal sealed class UpstreamLoginException : IOException
{
    public UpstreamLoginException()
    {
    }

    public UpstreamLoginException(string message) : base(message)
    {
    }

    public UpstreamLoginException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public UpstreamLoginException(string message, string? sqlState) : base(message) => SqlState = sqlState;

    /// <summary>The server's SQLSTATE, when it refused the login with an error.</summary>
    public string? SqlState { get; }
}
