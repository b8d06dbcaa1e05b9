using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>GET and POST …/issues/{n}/comments, PATCH …/issues/comments/{comment_id}; comments are by the app's bot.</summary>
internal static class IssueCommentRoutes
{
    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapGet("/issues/{number:int}/comments", (string owner, string repo, int number, HttpContext context) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository?.FindPullRequest(number) is null) return GitHubResults.NotFound();
                var comments = repository.CommentsOn(number).Select(c => CommentPayload.For(repository, c)).ToList();
                return GitHubResults.Json(Pagination.Page(context, comments));
            }
        });

        repos.MapPost("/issues/{number:int}/comments", async (string owner, string repo, int number, HttpContext context) =>
        {
            if (await GitHubRequestBody.ReadAsync<CommentRequest>(context).ConfigureAwait(false) is not { } request) return GitHubResults.BadJson();
            if (string.IsNullOrEmpty(request.Body)) return GitHubResults.ValidationFailed("IssueComment", "body", "missing_field");
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository?.FindPullRequest(number) is null) return GitHubResults.NotFound();
                var author = InstallationTokenFilter.Actor(context);
                var comment = new FakeComment(state.NextId(), number, author, request.Body, state.Time.GetUtcNow());
                repository.CommentsOn(number).Add(comment);
                RestWebhooks.Comment(repository, comment);
                return GitHubResults.Json(CommentPayload.For(repository, comment), StatusCodes.Status201Created);
            }
        });

        repos.MapPatch("/issues/comments/{commentId:long}", async (string owner, string repo, long commentId, HttpContext context) =>
        {
            if (await GitHubRequestBody.ReadAsync<CommentRequest>(context).ConfigureAwait(false) is not { } request) return GitHubResults.BadJson();
            if (string.IsNullOrEmpty(request.Body)) return GitHubResults.ValidationFailed("IssueComment", "body", "missing_field");
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                var comment = repository?.FindComment(commentId);
                if (repository is null || comment is null) return GitHubResults.NotFound();
                comment.Body = request.Body;
                comment.UpdatedAt = state.Time.GetUtcNow();
                return GitHubResults.Json(CommentPayload.For(repository, comment));
            }
        });
    }
}
