using System.Collections.Concurrent;
using GitJit.GitHub;

namespace GitJit.Server.Web;

/// <summary>
/// Whether someone belongs to the account an installation is on: a member of the organisation (asked of GitHub with
/// the installation's token, <c>GET /orgs/{org}/members/{username}</c>), or the user account itself. Answers are kept
/// for <see cref="Keep"/>, so a watched list does not ask GitHub every few seconds.
/// </summary>
public sealed class Memberships(GitHubAppClients clients, TimeProvider time)
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<(string Owner, string Login), (bool Member, DateTimeOffset At)> known = new();

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
        known[key] = (member, time.GetUtcNow());
        return member;
    }
}
