namespace GitJit.Core.Model;

/// <summary>Policy as code for one resource, read from <c>policies/&lt;resource&gt;.yaml</c> on the base branch.</summary>
public sealed record Policy(
    string Resource,
    string Provider,
    PolicyTarget Target,
    IReadOnlyList<Principal> Requesters,
    IReadOnlyDictionary<string, PolicyRole> Roles,
    string? Description);

/// <summary>Where access is granted: <see cref="Connection"/> names a connection in the bot's configuration, never a secret.</summary>
public sealed record PolicyTarget(string Connection, string? Database);

/// <summary>
/// A role requesters may ask for. <see cref="Approvals"/> (1 to 10) distinct code owners other than the requester must
/// approve the current head commit. <see cref="TicketPattern"/>, when set, must match the whole ticket (in bounded time).
/// </summary>
public sealed record PolicyRole(
    string Name,
    TimeSpan MaxDuration,
    int Approvals,
    bool RequireTicket,
    BoundedPattern? TicketPattern,
    Guardrails Guardrails,
    string? Description)
{
    /// <summary>
    /// Whether the requester may extend an active grant in place (<c>/gitjit extend</c>), without new approvals, up to
    /// <see cref="MaxDuration"/> in total. False by default: longer access is a new request, approved again.
    /// </summary>
    public bool ExtendWithoutApproval { get; init; }
}
