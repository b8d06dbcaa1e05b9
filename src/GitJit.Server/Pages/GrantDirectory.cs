using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Server.Gateway;
using GitJit.Server.Grants;

namespace GitJit.Server.Pages;

/// <summary>
/// A grant as its audit records tell it: the granted record, its end (if any), how often credentials were issued, and
/// its expiry (the granted record's, or the last extension's).
/// </summary>
public sealed record GrantRecord(AuditLocation Location, AuditRecord Granted, AuditRecord? Ended, int CredentialsIssued)
{
    public string Id => Granted.Request;

    public int PullRequest => Granted.PullRequest ?? 0;

    public DateTimeOffset ExpiresAt { get; init; } = Granted.ExpiresAt ?? DateTimeOffset.MinValue;

    /// <summary>How many times the grant was extended.</summary>
    public int Extensions { get; init; }

    /// <summary>For an emergency grant, its follow-up as recorded: the reviewed or unreviewed record, or null while it waits.</summary>
    public AuditRecord? FollowUp { get; init; }

    public bool IsActive(DateTimeOffset now) => Ended is null && ExpiresAt > now;

    /// <summary>Every grant among <paramref name="records"/> (one repository's, or one pull request's); a record naming another repository's grant is not one.</summary>
    public static IEnumerable<GrantRecord> From(AuditLocation location, IEnumerable<AuditRecord> records) =>
        records.GroupBy(r => r.PullRequest)
            .Select(pull => (Granted: pull.FirstOrDefault(r => r.Event == AuditEvent.Granted), Records: pull))
            .Where(pull => pull.Granted is { ExpiresAt: not null, PullRequest: { } number, Provider: not null, Principal: not null } granted
                && string.Equals(granted.Request, Grant.IdFor(location.Repository, number), StringComparison.OrdinalIgnoreCase))
            .Select(pull => new GrantRecord(location, pull.Granted!,
                pull.Records.FirstOrDefault(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked),
                pull.Records.Count(r => r.Event == AuditEvent.CredentialsIssued))
            {
                ExpiresAt = GrantExpiry.Of(pull.Records.Where(r => string.Equals(r.Request, pull.Granted!.Request, StringComparison.Ordinal)))!.Value,
                Extensions = GrantExpiry.Extensions(pull.Records.Where(r => string.Equals(r.Request, pull.Granted!.Request, StringComparison.Ordinal))),
                FollowUp = pull.Records.FirstOrDefault(r => r.Event is AuditEvent.Reviewed or AuditEvent.Unreviewed && string.Equals(r.Request, pull.Granted!.Request, StringComparison.Ordinal)),
            });
}

/// <summary>
/// An active grant for the live list, with its open sessions (null when the target could not say) and, for a grant
/// whose sessions go through the gateway, what they sent (null when the statement log could not say).
/// </summary>
public sealed record LiveGrant(GrantRecord Grant, int? Sessions, GatewayTally? Gateway = null)
{
    public bool ThroughGateway => Grant.Granted.Guardrails?.RequiresGateway == true;
}

/// <summary>
/// Finds grants in the audit trails of the access repositories GitJit has granted from. Git is the truth; the list
/// of active grants is read again at most every <see cref="Freshness"/>, however many people watch it.
/// </summary>
public sealed class GrantDirectory(AccessRepositories repositories, IAuditTrail audit, AccessProviders providers, ISessionLogStore sessionLog, TimeProvider time,
    ILogger<GrantDirectory> logger) : IDisposable
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile Snapshot? snapshot;

    /// <summary>The grant of pull request <paramref name="pullRequest"/> of owner/repo (any branch it was merged into), or null.</summary>
    public async Task<GrantRecord?> FindAsync(string owner, string repository, int pullRequest, CancellationToken cancellationToken)
    {
        var name = $"{owner}/{repository}";
        foreach (var location in (await repositories.AllAsync(cancellationToken).ConfigureAwait(false))
            .Where(l => string.Equals(l.Repository, name, StringComparison.OrdinalIgnoreCase)))
        {
            var records = await audit.ReadAsync(location, pullRequest, cancellationToken).ConfigureAwait(false);
            if (GrantRecord.From(location, records).FirstOrDefault() is { } grant) return grant;
        }
        return null;
    }

    /// <summary>The access the grant's provider holds for it now, or null when it is gone.</summary>
    public async Task<ManagedAccess?> AccessAsync(GrantRecord grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return (await providers.For(grant.Granted.Provider!).ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.GrantId == grant.Id);
    }

    /// <summary>Every active grant, soonest expiry first, at most <see cref="Freshness"/> old.</summary>
    public async Task<IReadOnlyList<LiveGrant>> ActiveAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh) return fresh;
        await refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } other) return other;
            var grants = await ReadActiveAsync(cancellationToken).ConfigureAwait(false);
            snapshot = new Snapshot(time.GetUtcNow(), grants);
            return grants;
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>Forgets the list, after this instance changed a grant, so the next look reads git again.</summary>
    public void Invalidate() => snapshot = null;

    public void Dispose() => refreshing.Dispose();

    private IReadOnlyList<LiveGrant>? Fresh() =>
        snapshot is { } s && time.GetUtcNow() - s.At < Freshness ? s.Grants : null;

    private async Task<IReadOnlyList<LiveGrant>> ReadActiveAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var locations = await repositories.AllAsync(cancellationToken).ConfigureAwait(false);
        var active = new List<GrantRecord>();
        await Parallel.ForEachAsync(locations, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (location, token) =>
        {
            var grants = GrantRecord.From(location, await audit.ReadAsync(location, token).ConfigureAwait(false)).Where(g => g.IsActive(now)).ToList();
            lock (active) active.AddRange(grants);
        }).ConfigureAwait(false);

        var accesses = new Dictionary<string, ManagedAccess>(StringComparer.Ordinal);
        var sessions = new Dictionary<(string, string), int>();
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in providers.All)
        {
            try
            {
                foreach (var access in await provider.ListAsync(cancellationToken).ConfigureAwait(false)) accesses[access.GrantId] = access;
                foreach (var open in await provider.SessionsAsync(cancellationToken).ConfigureAwait(false)) sessions[(open.Connection, open.Principal)] = open.Count;
            }
#pragma warning disable CA1031 // A target that does not answer leaves its sessions unknown; the list still shows who holds what.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.SessionsUnknown(logger, e, provider.Name);
                unknown.Add(provider.Name);
            }
        }
        var tallies = await TallyAsync([.. active.Where(g => g.Granted.Guardrails?.RequiresGateway == true).Select(g => g.Id)], cancellationToken).ConfigureAwait(false);
        return [.. active.OrderBy(g => g.ExpiresAt).ThenBy(g => g.Id, StringComparer.Ordinal).Select(g => new LiveGrant(g,
            unknown.Contains(g.Granted.Provider!) ? null
            : accesses.TryGetValue(g.Id, out var access) ? sessions.GetValueOrDefault((access.Connection, access.Principal))
            : 0,
            tallies is null ? null : tallies.GetValueOrDefault(g.Id, GatewayTally.None)))];
    }

    /// <summary>The statement log's tally of the grants, or null when it could not be read (the list shows "unknown").</summary>
    private async Task<IReadOnlyDictionary<string, GatewayTally>?> TallyAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken)
    {
        try
        {
            return await sessionLog.TallyAsync(grantIds, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The list still shows who holds what when the statement log does not answer.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.StatementsUnknown(logger, e);
            return null;
        }
    }

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<LiveGrant> Grants);
}
