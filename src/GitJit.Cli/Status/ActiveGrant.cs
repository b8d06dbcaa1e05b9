using GitJit.Core.Audit;

namespace GitJit.Cli.Status;

/// <summary>
/// A grant in force: granted, not revoked, and its expiry (<see cref="GrantExpiry"/>) still ahead; or one merged before
/// its start and not yet begun (<see cref="StartsAt"/> set, <see cref="ExpiresAt"/> then the end its schedule gives it).
/// </summary>
public sealed record ActiveGrant(string Request, string? Requester, string? Resource, string? Role, DateTimeOffset ExpiresAt)
{
    /// <summary>For a scheduled grant not yet granted: when it is to begin; null for a grant in force.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>
    /// The grants in force at <paramref name="now"/> among <paramref name="records"/>, and those scheduled and not ended,
    /// soonest expiry first.
    /// </summary>
    public static IReadOnlyList<ActiveGrant> From(IEnumerable<AuditRecord> records, DateTimeOffset now)
    {
        var stories = records.GroupBy(r => r.Request, StringComparer.Ordinal)
            .Where(g => !g.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked))
            .ToList();
        var active = stories
            .Where(g => g.Any(r => r.Event == AuditEvent.Granted))
            .Select(g => (Granted: g.First(r => r.Event == AuditEvent.Granted), ExpiresAt: GrantExpiry.Of(g)))
            .Where(g => g.ExpiresAt > now)
            .Select(g => new ActiveGrant(g.Granted.Request, g.Granted.Requester, g.Granted.Resource, g.Granted.Role, g.ExpiresAt!.Value));
        var scheduled = stories
            .Where(g => !g.Any(r => r.Event is AuditEvent.Granted or AuditEvent.Refused))
            .Select(g => g.FirstOrDefault(r => r.Event == AuditEvent.Scheduled))
            .Where(s => s is { StartsAt: not null, ExpiresAt: { } end } && end > now)
            .Select(s => new ActiveGrant(s!.Request, s.Requester, s.Resource, s.Role, s.ExpiresAt!.Value) { StartsAt = s.StartsAt });
        return [.. active.Concat(scheduled).OrderBy(g => g.ExpiresAt).ThenBy(g => g.Request, StringComparer.Ordinal)];
    }
}
