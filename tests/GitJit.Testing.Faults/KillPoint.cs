namespace GitJit.Testing.Faults;

/// <summary>The moment of a grant's life at which the harness kills the server with SIGKILL.</summary>
public enum KillPoint
{
    /// <summary>The grant's role has just appeared in the target: provisioned, its <c>granted</c> record not yet pushed.</summary>
    RoleProvisioned,

    /// <summary>The <c>granted</c> record has just landed in the remote: its comment and revocation schedule may not be done.</summary>
    GrantRecorded,

    /// <summary>At expiry, the role has just lost LOGIN or disappeared: the revocation is under way, its record not yet pushed.</summary>
    Revocation,

    /// <summary>A seeded random moment between the merge delivery and a few seconds past expiry.</summary>
    Random,
}
