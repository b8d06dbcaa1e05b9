namespace GitJit.Audit;

/// <summary>
/// The audit log could not be read or written: the remote is unreachable, refuses the push, or kept moving for
/// every attempt (an <see cref="IOException"/>: infrastructure, not a bug). The message names the remote without
/// credentials and never holds a token.
/// </summary>
public sealed class AuditLogException : IOException
{
    public AuditLogException()
    {
    }

    public AuditLogException(string message)
        : base(message)
    {
    }

    public AuditLogException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
