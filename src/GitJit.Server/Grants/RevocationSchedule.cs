using Hangfire;

namespace GitJit.Server.Grants;

/// <summary>
/// Schedules the revocation that ends a grant's access: a <see cref="RevokeJob"/> for the order, due at its expiry (on
/// <see cref="Jobs.JobQueues.Revocations"/>, which the job's method names). Every grant gets one when provisioned; the
/// reconciler schedules one again for a grant whose job was lost; a revocation picked up far too early puts itself back.
/// </summary>
public static class RevocationSchedule
{
    /// <summary>Schedules <paramref name="order"/> at <see cref="DueAt"/> its expiry; the job's id.</summary>
    public static string AtExpiry(IBackgroundJobClient jobs, RevocationOrder order)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(order);
        return jobs.Schedule<RevokeJob>(job => job.RevokeAsync(order, CancellationToken.None), DueAt(order.ExpiresAt));
    }

    /// <summary>
    /// When to schedule the revocation of access expiring at <paramref name="expiresAt"/>: Hangfire keeps schedules in
    /// whole seconds, so the whole second at or before expiry. The job then starts up to a second early (plus the
    /// polling interval late) and waits for the exact expiry itself, so it ends access on time, not a second late.
    /// </summary>
    public static DateTimeOffset DueAt(DateTimeOffset expiresAt) =>
        DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds());
}
