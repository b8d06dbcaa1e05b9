using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GET /repos/{owner}/{repo} itself, and under it GET …/pulls (state open, closed or all; newest first by default),
/// GET and PATCH …/pulls/{n} (PATCH: state open or closed, with the pull_requests write permission), …/pulls/{n}/files
/// and …/pulls/{n}/reviews.
/// </summary>
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

        repos.MapGet("/pulls", (string owner, string repo, HttpContext context) =>
        {
            var query = context.Request.Query;
            var wanted = query["state"].FirstOrDefault() ?? "open";
            var sort = query["sort"].FirstOrDefault() ?? "created";
            if (wanted is not ("open" or "closed" or "all")) return GitHubResults.ValidationFailed("PullRequest", "state", "invalid");
            if (sort is not ("created" or "updated" or "popularity" or "long-running")) return GitHubResults.ValidationFailed("PullRequest", "sort", "invalid");
            var ascending = (query["direction"].FirstOrDefault() ?? (sort == "created" ? "desc" : "asc")) == "asc";
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository is null) return GitHubResults.NotFound();
                var listed = repository.PullRequestsUnlocked
                    .Where(p => wanted == "all" || p.IsOpen == (wanted == "open"))
                    .Where(p => query["base"].FirstOrDefault() is not { } baseRef || p.BaseRef == baseRef)
                    .Where(p => query["head"].FirstOrDefault() is not { } head || string.Equals($"{p.HeadRepository.Owner}:{p.HeadRef}", head, StringComparison.OrdinalIgnoreCase));
                Func<FakePullRequest, DateTimeOffset> key = sort == "updated" ? p => p.UpdatedAt : p => p.CreatedAt;
                var ordered = ascending ? listed.OrderBy(key) : listed.OrderByDescending(key);
                var payloads = ordered.ThenBy(p => p.Number).Select(p => PullRequestListPayload.For(PullRequestPayload.For(p, []))).ToList();
                return GitHubResults.Json(Pagination.Page(context, payloads));
            }
        });

        repos.MapPatch("/pulls/{number:int}", async (string owner, string repo, int number, HttpContext context) =>
        {
            if (await GitHubRequestBody.ReadAsync<PullRequestUpdateRequest>(context).ConfigureAwait(false) is not { } request) return GitHubResults.BadJson();
            var installation = InstallationTokenFilter.Installation(context);
            lock (state.Gate)
            {
                var pullRequest = state.FindRepository(owner, repo)?.FindPullRequest(number);
                if (pullRequest is null) return GitHubResults.NotFound();
                // An App needs "Pull requests: write"; a user's token is not checked (the fake models no repository permissions).
                if (installation is not null && (!installation.Permissions.TryGetValue("pull_requests", out var permission) || permission != "write"))
                {
                    return GitHubResults.NotAccessibleByIntegration();
                }
                switch (request.State)
                {
                    case null:
                        break;
                    case "closed":
                        if (!pullRequest.IsOpen) break;
                        pullRequest.Close(InstallationTokenFilter.Actor(context));
                        RestWebhooks.PullRequest(pullRequest, "closed", InstallationTokenFilter.Actor(context));
                        break;
                    case "open" when pullRequest.IsMerged:
                        return GitHubResults.ValidationFailed("PullRequest", "state", "custom", "state cannot be changed. The pull request cannot be reopened because it has been merged");
                    case "open":
                        if (pullRequest.IsOpen) break;
                        pullRequest.Reopen(InstallationTokenFilter.Actor(context));
                        RestWebhooks.PullRequest(pullRequest, "reopened", InstallationTokenFilter.Actor(context));
                        break;
                    default:
                        return GitHubResults.ValidationFailed("PullRequest", "state", "invalid");
                }
                return GitHubResults.Json(PullRequestPayload.For(pullRequest, Files(pullRequest)));
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
