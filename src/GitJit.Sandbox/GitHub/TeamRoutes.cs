using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>GET /orgs/{org}/teams/{team_slug}/members: paginated users; 404 for an unknown team.</summary>
internal static class TeamRoutes
{
    public static void Map(IEndpointRouteBuilder orgs, FakeGitHubState state)
    {
        orgs.MapGet("/teams/{slug}/members", (string org, string slug, HttpContext context) =>
        {
            lock (state.Gate)
            {
                if (!state.Teams.TryGetValue(org + "/" + slug, out var team)) return GitHubResults.NotFound();
                var members = team.Members.Select(login => UserPayload.For(state, login)).ToList();
                return GitHubResults.Json(Pagination.Page(context, members));
            }
        });
    }
}
