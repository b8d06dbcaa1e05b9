namespace GitJit.Core.Grants;

/// <summary>
/// A kind of target GitJit grants access to (a policy's <c>provider</c>). Every call is idempotent: provisioning an
/// existing grant returns it unchanged (same expiry), revoking a missing one reports that nothing existed. The
/// workflow only ever talks to this interface; adding a provider touches no workflow code.
/// </summary>
public interface IAccessProvider
{
    /// <summary>The policy's <c>provider</c> value this provider serves, e.g. <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>Creates the grant's access in its target, or returns the access that already exists for it.</summary>
    /// <exception cref="AccessRefusedException">The target will not give this grant its access as it stands (retrying changes nothing).</exception>
    Task<ManagedAccess> ProvisionAsync(Grant grant, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the access's expiry to <paramref name="expiresAt"/>, leaving everything else (privileges, password, live
    /// sessions) as it is, and returns it so. Idempotent: access already expiring then or later is returned unchanged.
    /// </summary>
    /// <exception cref="AccessRefusedException">The access is gone, being revoked, or already past its expiry: there is nothing left to extend.</exception>
    Task<ManagedAccess> ExtendAsync(ManagedAccess access, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Ends live sessions and removes the access. Never relies on the target's own expiry.</summary>
    Task<Revocation> RevokeAsync(ManagedAccess access, CancellationToken cancellationToken);

    /// <summary>Everything this provider manages in every target it is configured for, for reconciliation.</summary>
    Task<IReadOnlyList<ManagedAccess>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Open sessions of the principals this provider manages, in every target; principals with none may be left out.</summary>
    Task<IReadOnlyList<OpenSessions>> SessionsAsync(CancellationToken cancellationToken);

    /// <summary>Mints fresh credentials for the access (rotating any earlier ones); never stored by GitJit.</summary>
    Task<AccessCredentials> IssueCredentialsAsync(ManagedAccess access, CancellationToken cancellationToken);
}

/// <summary>
/// Access a provider manages: which grant, where (<see cref="Connection"/>: the policy target's connection name), as
/// whom, and for whom (<see cref="Requester"/> and <see cref="RequesterId"/>, the only GitHub account that may have its
/// credentials; kept by the provider in the target, out of reach of any pull request; null when not known).
/// </summary>
public sealed record ManagedAccess(string GrantId, string Provider, string Connection, string? Database, string Principal, DateTimeOffset ExpiresAt,
    string? Requester = null, long? RequesterId = null)
{
    /// <summary>The <see cref="Grants.GuardrailsDigest"/> of the guardrails provisioned, kept by the provider out of reach of any pull request; null when the provider kept none.</summary>
    public string? GuardrailsDigest { get; init; }
}

/// <summary>How many live sessions <see cref="Principal"/> has in the target named <see cref="Connection"/>.</summary>
public sealed record OpenSessions(string Connection, string Principal, int Count);

/// <summary>
/// What a revocation did: whether the access still existed, how many live sessions it ended, and
/// <see cref="ObjectsDropped"/>. Two revocations are equal when all three are (the list compared item by item).
/// </summary>
public sealed record Revocation(bool Existed, int SessionsEnded)
{
    /// <summary>
    /// What the principal had created in the target, removed with it, one line each: kind, name as the target quotes
    /// it, where (for PostgreSQL, <c>function public.f(integer) in database orders</c>); never data. Empty when none. A
    /// revocation that finishes an interrupted one lists only what was still there.
    /// </summary>
    public IReadOnlyList<string> ObjectsDropped { get; init; } = [];

    public bool Equals(Revocation? other) =>
        other is not null && Existed == other.Existed && SessionsEnded == other.SessionsEnded && ObjectsDropped.SequenceEqual(other.ObjectsDropped, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Existed, SessionsEnded, ObjectsDropped.Count);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Existed = {Existed}, SessionsEnded = {SessionsEnded}, ObjectsDropped = [{string.Join(", ", ObjectsDropped)}]");
        return true;
    }
}

/// <summary>
/// How to connect, shown once to the requester. <see cref="Secret"/> must never reach git, comments, check runs or logs;
/// <see cref="ToString"/> leaves it out.
/// </summary>
/// <param name="Host">Where to connect.</param>
/// <param name="Port">The port there.</param>
/// <param name="Database">The database, when the access is to one.</param>
/// <param name="User">Who to connect as.</param>
/// <param name="Secret">The password; shown once, never stored.</param>
/// <param name="SslMode">How to use TLS, as libpq's <c>sslmode</c> spells it (<c>prefer</c>, <c>require</c>, <c>verify-full</c>…), when the provider knows.</param>
public sealed record AccessCredentials(string Host, int Port, string? Database, string User, string Secret, string? SslMode = null)
{
    public override string ToString() => $"{User}@{Host}:{Port}/{Database}";
}

/// <summary>The providers the bot is configured with, by name.</summary>
public sealed class AccessProviders(IEnumerable<IAccessProvider> providers)
{
    private readonly Dictionary<string, IAccessProvider> byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<IAccessProvider> All => byName.Values;

    /// <summary>The provider for <paramref name="name"/>; throws when the bot has none (a configuration error, retried after a fix).</summary>
    public IAccessProvider For(string name) =>
        byName.TryGetValue(name, out var provider)
            ? provider
            : throw new InvalidOperationException($"no access provider named '{name}' is configured (known: {string.Join(", ", byName.Keys)})");
}
