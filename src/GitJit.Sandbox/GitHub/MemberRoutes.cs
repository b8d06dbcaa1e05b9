using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GET /orgs/{org}/members/{username} with an installation token: 204 for a member (directly or through a team), 404 otherwise.
/// An installation that is not on that organisation, or lacks the members permission, sees what a non-member sees: a 302 to the
/// public-membership check, which is always 404 here because the fake has no public memberships. An unknown organisation is 404.
/// </summary>
internal static class MemberRoutes
{
    public static void Map(IEndpointRouteBuilder orgs, FakeGitHubState state)
    {
        orgs.MapGet("/members/{username}", (string org, string username, HttpContext context) =>
        {
            var installation = InstallationTokenFilter.Installation(context);
            lock (state.Gate)
            {
                if (!state.OrganizationExists(org)) return GitHubResults.NotFound();
                var seesPrivateMembers = installation is not null && string.Equals(installation.Account, org, StringComparison.OrdinalIgnoreCase)
                    && installation.Permissions.ContainsKey("members");
                if (!seesPrivateMembers)
                {
                    return Results.Redirect($"{state.ApiRoot}/orgs/{Uri.EscapeDataString(org)}/public_members/{Uri.EscapeDataString(username)}");
                }

                return state.IsMember(org, username) ? Results.NoContent() : GitHubResults.NotFound();
            }
        });
    }

    /// <summary>GET /orgs/{org}/public_members/{username}: needs no credentials; 404, as nobody's membership is public.</summary>
    public static void MapPublic(IEndpointRouteBuilder api) =>
        api.MapGet("/orgs/{org}/public_members/{username}", () => GitHubResults.NotFound());
}
