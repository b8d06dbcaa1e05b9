namespace GitJit.Core.Model;

/// <summary>
/// One request for access, as read from <c>access-requests/&lt;resource&gt;/&lt;name&gt;.yaml</c>.
/// <see cref="Duration"/> is positive and at most <see cref="GrantDuration.Longest"/>.
/// </summary>
public sealed record AccessRequest(
    string Requester,
    string Resource,
    string Role,
    TimeSpan Duration,
    string Reason,
    string? Ticket,
    Guardrails Guardrails)
{
    /// <summary>
    /// A break-glass request (<c>emergency: true</c>): granted when its pull request opens, if its role allows emergencies
    /// (<see cref="PolicyRole.Emergency"/>), and reviewed afterwards.
    /// </summary>
    public bool Emergency { get; init; }

    /// <summary>
    /// When access is to begin, as the request wrote it (with its offset; see <see cref="GrantStart"/>); null to begin at
    /// merge. Merged before it, the grant is made at this moment and lasts <see cref="Duration"/> from it; merged after,
    /// it is made at merge.
    /// </summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>
    /// For an extension request: the number of the merged pull request (in the same repository) whose grant it extends;
    /// then <see cref="Duration"/> is the time to add, and the grant keeps its own role, guardrails and credentials.
    /// Null for an ordinary request. Positive when set.
    /// </summary>
    public int? Extends { get; init; }
}
