namespace GitJit.Testing.Faults;

/// <summary>What the harness has seen of a grant's role over a run: whether and when it existed, its expiry, whether it came back.</summary>
internal sealed class RoleWatch(GrantRole role)
{
    public GrantRole Role { get; } = role;

    /// <summary>The role as last read, null when it was gone.</summary>
    public GrantRoleState? Current { get; private set; }

    public bool EverSeen { get; private set; }

    /// <summary>When the role was last read and still existed.</summary>
    public DateTimeOffset? LastSeen { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Whether the role existed again after a reading found it gone.</summary>
    public bool Reappeared { get; private set; }

    /// <summary>Reads the role now, remembers what it saw, and returns it.</summary>
    public async Task<GrantRoleState?> ObserveAsync(CancellationToken cancellationToken)
    {
        var state = await Role.ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = TimeProvider.System.GetUtcNow();
        if (state is not null)
        {
            if (EverSeen && Current is null) Reappeared = true;
            EverSeen = true;
            LastSeen = now;
            ExpiresAt = state.ExpiresAt ?? ExpiresAt;
        }
        Current = state;
        return state;
    }
}
