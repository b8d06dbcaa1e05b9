using GitJit.Core.CodeOwners;
using GitJit.Core.Decisions;
using GitJit.Core.Documents;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// Looks up, through GitHub, the members of every team a decision can depend on: the teams among the request
/// file's code owners, among its policy's requesters, and among its role's <c>autoApprove</c> requesters. The directory it returns is complete: a team GitHub does not
/// show the App has no members, so nothing is granted or approved on a guess.
/// </summary>
public static class TeamLookup
{
    public static async Task<TeamDirectory> ForAsync(IGitHubClient client, AccessRepository baseBranch, PullRequestFacts pullRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(baseBranch);
        ArgumentNullException.ThrowIfNull(pullRequest);
        var teams = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in pullRequest.Files.Where(f => f.Kind == ChangeKind.Added && RequestLocation.IsUnderRequests(f.Path)))
        {
            teams.UnionWith(baseBranch.CodeOwners.OwnersOf(file.Path).Where(o => o.Kind == OwnerKind.Team).Select(o => o.Name));
            if (file.Content is not { } content) continue;
            var request = RequestDocument.Read(file.Path, content.Span, baseBranch.RequestSchema).Request;
            if (request is null) continue;
            var policy = await baseBranch.PolicyAsync(request.Resource, cancellationToken).ConfigureAwait(false);
            teams.UnionWith(policy?.Policy?.Requesters.Where(p => p.IsTeam).Select(p => p.Name) ?? []);
            var autoApprovers = policy?.Policy?.Roles.GetValueOrDefault(request.Role)?.AutoApprove?.Requesters ?? [];
            teams.UnionWith(autoApprovers.Where(p => p.IsTeam).Select(p => p.Name));
        }

        var members = new List<KeyValuePair<string, IEnumerable<string>>>();
        var api = new ApiConnection(client.Connection);
        foreach (var team in teams)
        {
            members.Add(new(team, await MembersAsync(api, team).ConfigureAwait(false)));
        }
        return TeamDirectory.From(members, isComplete: true);
    }

    private static async Task<IEnumerable<string>> MembersAsync(ApiConnection api, string team)
    {
        var slash = team.IndexOf('/', StringComparison.Ordinal);
        var uri = new Uri($"orgs/{Uri.EscapeDataString(team[..slash])}/teams/{Uri.EscapeDataString(team[(slash + 1)..])}/members", UriKind.Relative);
        try
        {
            return (await api.GetAll<User>(uri).ConfigureAwait(false)).Select(u => u.Login);
        }
        catch (NotFoundException)
        {
            return [];
        }
    }
}
