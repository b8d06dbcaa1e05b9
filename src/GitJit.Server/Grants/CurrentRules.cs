using GitJit.Core.Audit;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using GitJit.GitHub;

namespace GitJit.Server.Grants;

/// <summary>The rules as they stand now on the branch a grant is recorded on: a role tightened since the merge is obeyed.</summary>
internal static class CurrentRules
{
    /// <summary>Role <paramref name="role"/> of <paramref name="resource"/>'s policy at the head of <paramref name="location"/>'s branch; null when the policy or the role is gone or invalid.</summary>
    public static async Task<PolicyRole?> RoleAsync(Octokit.IGitHubClient client, AuditLocation location, string resource, string role, CancellationToken cancellationToken)
    {
        var rules = await AccessRepository.OpenAsync(new GitHubRepositorySnapshot(client, location.Owner, location.Name, location.Branch), cancellationToken).ConfigureAwait(false);
        return (await rules.PolicyAsync(resource, cancellationToken).ConfigureAwait(false))?.Policy?.Roles.GetValueOrDefault(role);
    }
}
