using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GET /installation/repositories with an installation token: the repositories of the installation's account
/// (repository selection "all"), paginated, inside <c>{ total_count, repository_selection, repositories }</c>.
/// </summary>
internal static class InstallationRoutes
{
    public static void Map(IEndpointRouteBuilder api, FakeGitHubState state, InstallationTokenFilter tokenFilter)
    {
        api.MapGet("/installation/repositories", (HttpContext context) =>
        {
            // Only an installation token lists an installation's repositories (a user token gets GitHub's 403).
            if (InstallationTokenFilter.Installation(context) is not { } installation) return GitHubResults.AppRequired();
            lock (state.Gate)
            {
                var repositories = state.Repositories.Values
                    .Where(r => string.Equals(r.Owner, installation.Account, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(r => r.Id).Select(RepositoryPayload.For).ToList();
                return GitHubResults.Json(new InstallationRepositoriesPayload(repositories.Count, "all", Pagination.Page(context, repositories)));
            }
        }).AddEndpointFilter(tokenFilter);
    }
}

internal sealed record InstallationRepositoriesPayload(int TotalCount, string RepositorySelection, IReadOnlyList<RepositoryPayload> Repositories);
