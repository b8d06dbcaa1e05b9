using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// POST …/pulls opens a pull request (201, with a Location header), answering as GitHub does when it cannot: 422 for a
/// missing title, head or base, a branch that does not exist (field "head" or "base", code "invalid"), an open pull request
/// from the same head into the same base, or no commits between them (code "custom"). GET …/pulls lists them: state open
/// (default), closed or all; head (<c>owner:branch</c>) and base filters; sort created (default), updated or long-running;
/// direction desc (default; asc for long-running); paginated.
/// </summary>
internal static class PullRequestCreateRoutes
{
    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapPost("/pulls", async (string owner, string repo, HttpContext context) =>
        {
            if (await GitHubRequestBody.ReadAsync<PullRequestRequest>(context).ConfigureAwait(false) is not { } request) return GitHubResults.BadJson();
            if (string.IsNullOrEmpty(request.Title)) return GitHubResults.ValidationFailed("Issue", "title", "missing_field");
            if (string.IsNullOrEmpty(request.Head)) return GitHubResults.ValidationFailed("PullRequest", "head", "missing_field");
            if (string.IsNullOrEmpty(request.Base)) return GitHubResults.ValidationFailed("PullRequest", "base", "missing_field");
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository is null) return GitHubResults.NotFound();
                var (headOwner, headRef) = request.Head.Split(':', 2) is [var o, var b] ? (o, b) : (repository.Owner, request.Head);
                var headRepository = string.Equals(headOwner, repository.Owner, StringComparison.OrdinalIgnoreCase)
                    ? repository
                    : state.FindRepository(headOwner, repository.Name) is { } fork && fork.Parent == repository ? fork : null;
                if (repository.BranchTip(request.Base) is not { } baseSha) return GitHubResults.ValidationFailed("PullRequest", "base", "invalid");
                if (headRepository?.BranchTip(headRef) is not { } headSha) return GitHubResults.ValidationFailed("PullRequest", "head", "invalid");
                if (repository.PullRequestsUnlocked.Any(p => p.IsOpen && p.HeadRepository == headRepository && p.HeadRef == headRef && p.BaseRef == request.Base))
                {
                    return GitHubResults.ValidationFailedCustom("PullRequest", $"A pull request already exists for {headRepository.Owner}:{headRef}.");
                }
                if (!repository.HasCommit(headSha) || repository.Ancestry(baseSha).Contains(headSha, StringComparer.OrdinalIgnoreCase))
                {
                    return GitHubResults.ValidationFailedCustom("PullRequest", $"No commits between {request.Base} and {request.Head}");
                }
                var author = InstallationTokenFilter.Actor(context);
                var pullRequest = repository.OpenPullRequestUnlocked(author, request.Title, request.Body, headRef, request.Base, headRepository);
                RestWebhooks.PullRequest(pullRequest, "opened", author);
                var payload = PullRequestPayload.For(pullRequest, Files(pullRequest));
                context.Response.Headers.Location = payload.Url;
                return GitHubResults.Json(payload, StatusCodes.Status201Created);
            }
        });
    }

    private static IReadOnlyList<PullRequestFilePayload> Files(FakePullRequest pullRequest)
    {
        var repository = pullRequest.Repository;
        return PullRequestDiff.Files(repository, repository.RequireCommit(pullRequest.BaseSha), repository.RequireCommit(pullRequest.HeadSha), pullRequest.HeadSha);
    }
}
