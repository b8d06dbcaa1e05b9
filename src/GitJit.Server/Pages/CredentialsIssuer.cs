using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Server.Gateway;
using GitJit.Server.Grants;
using GitJit.Server.Jobs;

namespace GitJit.Server.Pages;

/// <summary>What a reveal came to.</summary>
public enum RevealStatus
{
    NoGrant,
    NotRequester,
    Ended,
    Revealed,

    /// <summary>The reveal could not be recorded in the audit trail in time, so the new secret was not shown.</summary>
    NotRecorded,

    /// <summary>The grant's sessions must go through the gateway, and this server has no gateway address: nothing was changed or shown.</summary>
    GatewayNotConfigured,

    /// <summary>The grant record's guardrails are not those the provider was given at provisioning: the record was rewritten in git.</summary>
    RecordAltered,
}

/// <summary>The outcome of a reveal; <see cref="Credentials"/> only when <see cref="RevealStatus.Revealed"/>.</summary>
public sealed record RevealResult(RevealStatus Status, GrantRecord? Grant = null, AccessCredentials? Credentials = null, int Sequence = 0);

/// <summary>
/// "Reveal credentials": under the pull request's lock (so no revocation or other reveal runs meanwhile), the grant is
/// read again from git, the provider mints a new secret (any earlier one stops working), and a
/// <c>credentials-issued</c> record is committed before anything is shown. Nothing is stored; if the record cannot be
/// written, the new secret is never shown, and no one holds it. When the grant's guardrails require the gateway, the
/// provider's new password goes only (encrypted) into the grant's gateway login, and the requester is shown the
/// gateway's address and a gateway password instead (<see cref="GatewayCredentials"/>); never the role's own password.
/// </summary>
public sealed class CredentialsIssuer(
    GrantDirectory directory, AccessProviders providers, IAuditTrail audit, JobLocks locks, GatewayCredentials gateway, TimeProvider time, ILogger<CredentialsIssuer> logger)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether <paramref name="viewer"/> may have the grant's credentials now: no refusal and the access, or why not.
    /// The record is only a file on a branch, so the provider's own note of whom it provisioned the access for (never
    /// written from a pull request) must agree with it, or someone who edited audit/ would get another person's password.
    /// </summary>
    public async Task<(RevealStatus? Refusal, ManagedAccess? Access)> StandingAsync(Viewer viewer, GrantRecord grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(grant);
        if (RefusalByRecord(viewer, grant) is { } refusal) return (refusal, null);
        if (await directory.AccessAsync(grant, cancellationToken).ConfigureAwait(false) is not { } access) return (RevealStatus.Ended, null);
        return viewer.IsRequesterOf(access) && string.Equals(access.Principal, grant.Granted.Principal, StringComparison.Ordinal)
            ? (null, access)
            : (RevealStatus.NotRequester, null);
    }

    /// <summary>What the record alone refuses: someone else's grant (by GitHub user id when recorded), or one that is over.</summary>
    private RevealStatus? RefusalByRecord(Viewer viewer, GrantRecord grant) =>
        !(grant.Granted.RequesterId is { } id ? viewer.Id > 0 && viewer.Id == id : viewer.Is(grant.Granted.Requester)) ? RevealStatus.NotRequester
        : !grant.IsActive(time.GetUtcNow()) ? RevealStatus.Ended
        : null;

    public async Task<RevealResult> RevealAsync(Viewer viewer, string owner, string repository, int pullRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var found = await directory.FindAsync(owner, repository, pullRequest, cancellationToken).ConfigureAwait(false);
        if (found is null) return new RevealResult(RevealStatus.NoGrant);
        // Answered without the lock (which a revocation at expiry may need): someone else's, or already over.
        if (RefusalByRecord(viewer, found) is { } early) return new RevealResult(early, found);

        // The lock revocations and merge jobs take.
        await using var pullRequestLock = await locks.AcquireAsync(found.Location.Owner, found.Location.Name, pullRequest, LockTimeout, cancellationToken).ConfigureAwait(false);
        var grant = GrantRecord.From(found.Location, await audit.ReadAsync(found.Location, pullRequest, cancellationToken).ConfigureAwait(false)).First();
        var (refusal, access) = await StandingAsync(viewer, grant, cancellationToken).ConfigureAwait(false);
        if (refusal is { } refused) return new RevealResult(refused, grant);
        var guardrails = grant.Granted.Guardrails ?? Guardrails.None;
        // Whether the gateway is needed, and what it judges by, come from the record: it must be what was granted.
        if (access!.GuardrailsDigest is { } digest && !string.Equals(digest, GuardrailsDigest.Of(guardrails), StringComparison.Ordinal))
        {
            Log.GrantRecordAltered(logger, grant.Id);
            return new RevealResult(RevealStatus.RecordAltered, grant);
        }
        if (guardrails.RequiresGateway && gateway.Address is null)
        {
            // Never the role's own password instead: that would be a way around every statement guardrail.
            Log.GatewayNotConfigured(logger, grant.Id);
            return new RevealResult(RevealStatus.GatewayNotConfigured, grant);
        }

        var credentials = await providers.For(access!.Provider).IssueCredentialsAsync(access, cancellationToken).ConfigureAwait(false);
        if (guardrails.RequiresGateway)
        {
            credentials = await gateway.IssueAsync(grant.Id, guardrails, grant.ExpiresAt, credentials, cancellationToken).ConfigureAwait(false);
        }
        var sequence = grant.CredentialsIssued + 1;
        var record = AuditRecords.CredentialsIssued(grant.Granted, pullRequest, access.Principal, grant.ExpiresAt, viewer.Login, sequence, time.GetUtcNow())
            with { ViaGateway = guardrails.RequiresGateway ? true : null };
        // From here on the password has changed: the record is written even if the viewer goes away, but waited for
        // only so long — this holds the lock a revocation at expiry needs. Unrecorded, the secret is never shown.
        bool recorded;
        using (var bounded = new CancellationTokenSource(RecordTimeout, time))
        {
            try
            {
                recorded = await audit.AppendAsync(grant.Location, record, bounded.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever kept the record from git (timeout, push refused, remote gone), the secret stays unshown.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.RevealNotRecorded(logger, e, grant.Id, sequence);
                recorded = false;
            }
        }
        if (!recorded)
        {
            return new RevealResult(RevealStatus.NotRecorded, grant);
        }
        Log.CredentialsIssued(logger, grant.Id, viewer.Login, access.Principal, sequence);
        return new RevealResult(RevealStatus.Revealed, grant with { CredentialsIssued = sequence }, credentials, sequence);
    }
}
