namespace GitJit.Core.Model;

/// <summary>Policy as code for one resource, read from <c>policies/&lt;resource&gt;.yaml</c> on the base branch.</summary>
public sealed record Policy(
    string Resource,
    string Provider,
    PolicyTarget Target,
    IReadOnlyList<Principal> Requesters,
    IReadOnlyDictionary<string, PolicyRole> Roles,
    string? Description)
{
    /// <summary>How long a pull request asking under this policy may stay open, unmerged, before the bot closes it: at least <see cref="RequestsExpireAfterMinimum"/>, at most 90 days, <see cref="RequestsExpireAfterDefault"/> unless the policy says.</summary>
    public TimeSpan RequestsExpireAfter { get; init; } = RequestsExpireAfterDefault;

    /// <summary>Seven days: how long a request waits when its policy says nothing, or cannot be read.</summary>
    public static TimeSpan RequestsExpireAfterDefault { get; } = TimeSpan.FromDays(7);

    /// <summary>One hour: the shortest <see cref="RequestsExpireAfter"/>, time enough for reviewers to see a request.</summary>
    public static TimeSpan RequestsExpireAfterMinimum { get; } = TimeSpan.FromHours(1);
}

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

    /// <summary>When requests for this role need no human approval (<c>autoApprove</c>); null when every request does.</summary>
    public AutoApproval? AutoApprove { get; init; }

    /// <summary>Whether and how this role may be had in an emergency (<c>emergency</c>, break-glass); null when it may not.</summary>
    public EmergencyAccess? Emergency { get; init; }
}

/// <summary>
/// A role's break-glass rule: a request with <c>emergency: true</c>, no longer than <see cref="MaxDuration"/>, is granted
/// when its pull request opens, without approvals; unless a code owner approves it within <see cref="FollowUpWithin"/>
/// of the grant, the access is revoked and the pull request marked for review. Every other rule still applies.
/// </summary>
public sealed record EmergencyAccess(TimeSpan MaxDuration, TimeSpan FollowUpWithin)
{
    /// <summary>The longest follow-up window a policy may set: one day, so an unreviewed emergency never goes unnoticed for long.</summary>
    public static TimeSpan LongestFollowUp { get; } = TimeSpan.FromDays(1);
}

/// <summary>
/// A role's rule for requests that approve themselves: no longer than <see cref="MaxDuration"/>; when
/// <see cref="Requesters"/> is set, only from those logins and team members; when <see cref="ReadOnly"/>, only with
/// <c>select</c> as the effective privileges (the hard limit, whatever the session does); when
/// <see cref="RequireTicket"/>, only with a ticket. Every other rule still applies.
/// </summary>
public sealed record AutoApproval(TimeSpan MaxDuration, IReadOnlyList<Principal>? Requesters, bool ReadOnly, bool RequireTicket);
