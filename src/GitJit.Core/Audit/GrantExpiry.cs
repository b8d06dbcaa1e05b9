namespace GitJit.Core.Audit;

/// <summary>
/// When a grant ends, read from its records: the granted record's expiry, moved later by each extension it had. The
/// one rule every reader (the revocation, the reconciler, the pages, <c>gitjit audit</c>) uses.
/// </summary>
public static class GrantExpiry
{
    /// <summary>The latest expiry <paramref name="records"/> (one grant's) give it: granted, then extended; null when none gives one.</summary>
    public static DateTimeOffset? Of(IEnumerable<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        DateTimeOffset? expiry = null;
        foreach (var record in records)
        {
            if (record.Event is AuditEvent.Granted or AuditEvent.Extended && record.ExpiresAt is { } at && (expiry is null || at > expiry)) expiry = at;
        }
        return expiry;
    }

    /// <summary>How many extensions <paramref name="records"/> (one grant's) hold.</summary>
    public static int Extensions(IEnumerable<AuditRecord> records) =>
        records?.Count(r => r.Event == AuditEvent.Extended) ?? throw new ArgumentNullException(nameof(records));
}
