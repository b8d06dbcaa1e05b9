using GitJit.Core.Audit;
using GitJit.Core.Grants;

namespace GitJit.Server.Grants;

/// <summary>
/// Everything a revocation needs, as job arguments: which access in which target (so revoking needs no other read
/// first), and where to record it. <see cref="By"/> is the login that asked, or <c>gitjit</c>. Who had what
/// (<see cref="Requester"/>, <see cref="Resource"/>, <see cref="Role"/>) goes into the record when known; an orphan's is not.
/// </summary>
public sealed record RevocationOrder(
    long Installation,
    string Repository,
    string CloneUrl,
    string Branch,
    int PullRequest,
    string GrantId,
    string Provider,
    string Connection,
    string? Database,
    string Principal,
    DateTimeOffset ExpiresAt,
    AuditReason Reason,
    string By,
    string? Requester = null,
    string? Resource = null,
    string? Role = null)
{
    public const string Bot = "gitjit";

    [Newtonsoft.Json.JsonIgnore]
    public AuditLocation Location => new(Installation, Repository, CloneUrl, Branch);

    [Newtonsoft.Json.JsonIgnore]
    public ManagedAccess Access => new(GrantId, Provider, Connection, Database, Principal, ExpiresAt);

    public static RevocationOrder For(AuditLocation location, int pullRequest, ManagedAccess access, AuditReason reason, string by)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(access);
        return new(location.Installation, location.Repository, location.CloneUrl, location.Branch, pullRequest, access.GrantId, access.Provider,
            access.Connection, access.Database, access.Principal, access.ExpiresAt, reason, by);
    }

    public static RevocationOrder AtExpiry(AuditLocation location, int pullRequest, ManagedAccess access) =>
        For(location, pullRequest, access, AuditReason.Expired, Bot);

    /// <summary>This order, saying who had what according to the grant's record (when there is one).</summary>
    public RevocationOrder Of(AuditRecord? granted) =>
        granted is null ? this : this with { Requester = granted.Requester, Resource = granted.Resource, Role = granted.Role };
}
