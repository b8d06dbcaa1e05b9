using System.Collections.Concurrent;
using GitJit.GitHub;

namespace GitJit.Server.Pages;

/// <summary>
/// Which accounts the App is installed on (<c>GET /app/installations</c>) someone belongs to: as a member of the
/// organisation (asked with the installation's token, <c>GET /orgs/{org}/members/{username}</c>), or as the user
/// account itself. Answers are kept for <see cref="Keep"/>, so a watched list does not ask GitHub every few seconds.
/// </summary>
public sealed class Memberships(GitHubAppClients clients, TimeProvider time)
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<(string Owner, string Login), (bool Member, DateTimeOffset At)> known = new();
    private volatile Installations? installations;

    /// <summary>The accounts (organisations, or users) GitJit is installed on that <paramref name="login"/> belongs to.</summary>
    public async Task<IReadOnlySet<string>> AccountsOfAsync(string login, CancellationToken cancellationToken)
    {
        if (installations is not { } seen || time.GetUtcNow() - seen.At >= Keep)
        {
            var all = await clients.ForApp().GitHubApps.GetAllInstallationsForCurrent().ConfigureAwait(false);
            installations = seen = new Installations([.. all.Select(i => (i.Id, i.Account.Login))], time.GetUtcNow());
        }
        var accounts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, account) in seen.All)
        {
            if (await IsMemberAsync(id, account, login, cancellationToken).ConfigureAwait(false)) accounts.Add(account);
        }
        return accounts;
    }

    public async Task<bool> IsMemberAsync(long installation, string owner, string login, CancellationToken cancellationToken)
    {
        if (string.Equals(owner, login, StringComparison.OrdinalIgnoreCase)) return true;
        var key = (owner.ToLowerInvariant(), login.ToLowerInvariant());
        if (known.TryGetValue(key, out var seen) && time.GetUtcNow() - seen.At < Keep) return seen.Member;

        var client = await clients.ForInstallationAsync(installation, cancellationToken).ConfigureAwait(false);
        bool member;
        try
        {
            member = await client.Organization.Member.CheckMember(owner, login).ConfigureAwait(false);
        }
        catch (Octokit.NotFoundException)
        {
            member = false; // a user account, not an organisation: only its owner belongs
        }
        // Anyone with a GitHub account can sign in: keep the cache from growing without bound.
        if (known.Count >= 10_000) known.Clear();
        known[key] = (member, time.GetUtcNow());
        return member;
    }

    private sealed record Installations(IReadOnlyList<(long Id, string Account)> All, DateTimeOffset At);
}
