using System.Text.Json;
using GitJit.Core.Model;
using GitJit.Gateway.Sessions;

namespace GitJit.Server.Gateway;

/// <summary>
/// The gateway's logins for a single machine (no <c>ConnectionStrings:GitJit</c>): held in memory and kept in one file
/// in the data directory, replaced in one rename on every change. Kept on disk, like the key ring and the list of
/// access repositories beside it, so a restart neither locks requesters out of live grants nor forgets an ending.
/// The upstream password is in the file only encrypted (<see cref="UpstreamSecrets"/>), the gateway password only as
/// its verifier. Only one process may use the file: with several instances, use PostgreSQL.
/// </summary>
public sealed class FileGatewayLogins : IGatewayLoginStore
{
    private readonly string file;
    private readonly UpstreamSecrets secrets;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Stored> byUser = new(StringComparer.Ordinal);

    public FileGatewayLogins(string file, UpstreamSecrets secrets, TimeProvider time)
    {
        this.file = file;
        this.secrets = secrets;
        this.time = time;
        if (File.Exists(file))
        {
            foreach (var stored in JsonSerializer.Deserialize<List<Stored>>(File.ReadAllText(file), GatewayLoginJson.Options) ?? [])
            {
                byUser[stored.User] = stored;
            }
        }
    }

    public Task SaveAsync(GatewayLogin login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        var upstream = login.Upstream;
        var stored = new Stored(login.User, login.GrantId, login.Guardrails, login.ExpiresAt, null, login.Verifier.ToString(),
            upstream.Host, upstream.Port, upstream.Database, upstream.User, upstream.Tls, secrets.Protect(upstream.Password));
        lock (gate)
        {
            if (byUser.TryGetValue(login.User, out var earlier) && earlier.EndedAt is not null)
            {
                throw new InvalidOperationException($"the gateway login of grant '{login.GrantId}' has ended; it is not issued again");
            }
            byUser[login.User] = stored;
            var old = time.GetUtcNow() - PostgresGatewayLogins.Retention;
            foreach (var over in byUser.Values.Where(s => (s.EndedAt ?? s.ExpiresAt) < old).ToList()) byUser.Remove(over.User);
            Save();
        }
        return Task.CompletedTask;
    }

    public Task EndAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var ending = byUser.Values.Where(s => s.GrantId == grantId && (s.EndedAt is null || s.UpstreamPassword.Length > 0)).ToList();
            if (ending.Count == 0) return Task.CompletedTask;
            foreach (var stored in ending) byUser[stored.User] = stored with { EndedAt = stored.EndedAt ?? at, UpstreamPassword = "" };
            Save();
        }
        return Task.CompletedTask;
    }

    public Task ExtendAsync(string grantId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var extending = byUser.Values.Where(s => s.GrantId == grantId && s.EndedAt is null && s.ExpiresAt < expiresAt).ToList();
            if (extending.Count == 0) return Task.CompletedTask;
            foreach (var stored in extending) byUser[stored.User] = stored with { ExpiresAt = expiresAt };
            Save();
        }
        return Task.CompletedTask;
    }

    public Task<GatewayLogin?> FindAsync(string user, CancellationToken cancellationToken)
    {
        Stored? stored;
        lock (gate)
        {
            byUser.TryGetValue(user, out stored);
        }
        if (stored is null || !IsLive(stored, time.GetUtcNow())) return Task.FromResult<GatewayLogin?>(null);
        if (ScramVerifier.Parse(stored.Verifier) is not { } verifier || secrets.Unprotect(stored.UpstreamPassword) is not { } password)
        {
            return Task.FromResult<GatewayLogin?>(null);
        }
        return Task.FromResult<GatewayLogin?>(new GatewayLogin(stored.User, verifier, stored.GrantId, stored.Guardrails, stored.ExpiresAt,
            new UpstreamServer(stored.Host, stored.Port, stored.Database, stored.Role, password, stored.Tls)));
    }

    public Task<IReadOnlyCollection<string>> EndedAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantIds);
        var now = time.GetUtcNow();
        HashSet<string> live;
        lock (gate)
        {
            live = [.. byUser.Values.Where(s => IsLive(s, now)).Select(s => s.GrantId)];
        }
        return Task.FromResult<IReadOnlyCollection<string>>([.. grantIds.Where(id => !live.Contains(id)).Distinct(StringComparer.Ordinal)]);
    }

    private static bool IsLive(Stored stored, DateTimeOffset now) => stored.EndedAt is null && stored.ExpiresAt > now;

    /// <summary>Replaces the file in one rename, so a crash leaves the old logins or the new ones. Under <see cref="gate"/>.</summary>
    private void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(byUser.Values.ToList(), GatewayLoginJson.Options));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, file, overwrite: true);
    }

    private sealed record Stored(
        string User,
        string GrantId,
        Guardrails Guardrails,
        DateTimeOffset ExpiresAt,
        DateTimeOffset? EndedAt,
        string Verifier,
        string Host,
        int Port,
        string Database,
        string Role,
        UpstreamTls Tls,
        string UpstreamPassword);
}
