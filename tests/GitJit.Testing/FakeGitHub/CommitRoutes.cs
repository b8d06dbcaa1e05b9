using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Testing.FakeGitHub;

/// <summary>GET …/commits/{ref} under /repos/{owner}/{repo}: a commit with its parents (no file list).</summary>
internal static class CommitRoutes
{
    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapGet("/commits/{reference}", (string owner, string repo, string reference) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                var sha = repository?.ResolveRef(reference);
                if (repository is null || sha is null || !repository.HasCommit(sha)) return GitHubResults.NotFound();
                var url = $"{state.ApiRoot}/repos/{repository.FullName}/commits/{sha}";
                var parent = repository.ParentOf(sha);
                return GitHubResults.Json(new
                {
                    sha,
                    node_id = "C_" + sha[..12],
                    url,
                    html_url = $"{state.WebUrl}{repository.FullName}/commit/{sha}",
                    comments_url = url + "/comments",
                    commit = new { message = "commit " + sha[..7], url = $"{state.ApiRoot}/repos/{repository.FullName}/git/commits/{sha}", comment_count = 0 },
                    parents = parent is null ? [] : new[] { new { sha = parent, url = $"{state.ApiRoot}/repos/{repository.FullName}/commits/{parent}", html_url = $"{state.WebUrl}{repository.FullName}/commit/{parent}" } },
                    files = Array.Empty<object>(),
                });
            }
        });
    }
}
