using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Testing.FakeGitHub;

/// <summary>GET /repos/{owner}/{repo} itself, and …/pulls/{n}, …/pulls/{n}/files and …/pulls/{n}/reviews under it.</summary>
internal static class PullRequestRoutes
{
    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapGet("", (string owner, string repo) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                return repository is null ? GitHubResults.NotFound() : GitHubResults.Json(RepositoryPayload.For(repository));
            }
        });
        repos.MapGet("/pulls/{number:int}", (string owner, string repo, int number) =>
        {
            lock (state.Gate)
            {
                var pullRequest = state.FindRepository(owner, repo)?.FindPullRequest(number);
                return pullRequest is null
                    ? GitHubResults.NotFound()
                    : GitHubResults.Json(PullRequestPayload.For(pullRequest, Files(pullRequest)));
            }
        });

        repos.MapGet("/pulls/{number:int}/files", (string owner, string repo, int number, HttpContext context) =>
        {
            lock (state.Gate)
            {
                var pullRequest = state.FindRepository(owner, repo)?.FindPullRequest(number);
                return pullRequest is null ? GitHubResults.NotFound() : GitHubResults.Json(Pagination.Page(context, Files(pullRequest)));
            }
        });

        repos.MapGet("/pulls/{number:int}/reviews", (string owner, string repo, int number, HttpContext context) =>
        {
            lock (state.Gate)
            {
                var pullRequest = state.FindRepository(owner, repo)?.FindPullRequest(number);
                if (pullRequest is null) return GitHubResults.NotFound();
                var reviews = pullRequest.ReviewsUnlocked.Select(r => ReviewPayload.For(pullRequest, r)).ToList();
                return GitHubResults.Json(Pagination.Page(context, reviews));
            }
        });
    }

    private static IReadOnlyList<PullRequestFilePayload> Files(FakePullRequest pullRequest)
    {
        var repository = pullRequest.Repository;
        return PullRequestDiff.Files(repository, repository.RequireCommit(pullRequest.BaseSha), repository.RequireCommit(pullRequest.HeadSha), pullRequest.HeadSha);
    }
}
