using GitJit.Core.Audit;

namespace GitJit.Cli.Status;

/// <summary>A grant in force: granted, not revoked, and its expiry (<see cref="GrantExpiry"/>) still ahead.</summary>
public sealed record ActiveGrant(string Request, string? Requester, string? Resource, string? Role, DateTimeOffset ExpiresAt)
{
    /// <summary>The grants in force at <paramref name="now"/> among <paramref name="records"/>, soonest expiry first.</summary>
    public static IReadOnlyList<ActiveGrant> From(IEnumerable<AuditRecord> records, DateTimeOffset now) =>
        [.. records
            .GroupBy(r => r.Request, StringComparer.Ordinal)
            .Where(g => g.Any(r => r.Event == AuditEvent.Granted) && !g.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked))
            .Select(g => (Granted: g.First(r => r.Event == AuditEvent.Granted), ExpiresAt: GrantExpiry.Of(g)))
            .Where(g => g.ExpiresAt > now)
            .Select(g => new ActiveGrant(g.Granted.Request, g.Granted.Requester, g.Granted.Resource, g.Granted.Role, g.ExpiresAt!.Value))
            .OrderBy(g => g.ExpiresAt)
            .ThenBy(g => g.Request, StringComparer.Ordinal)];
}
