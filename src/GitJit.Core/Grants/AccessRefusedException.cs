namespace GitJit.Core.Grants;

/// <summary>
/// A provider will not provision a grant as it stands — the target would give the role more than its guardrails
/// (through PUBLIC), names no such table or schema, or the grant has already expired. Retrying changes nothing until
/// someone changes the target or asks again, so the grant is refused: recorded and told on the pull request, once.
/// The message says what is wrong and how to fix it; it holds names, never a secret.
/// </summary>
public sealed class AccessRefusedException : InvalidOperationException
{
    public AccessRefusedException()
    {
    }

    public AccessRefusedException(string message)
        : base(message)
    {
    }

    public AccessRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
