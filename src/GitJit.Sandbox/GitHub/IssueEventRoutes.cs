using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>GET …/issues/{n}/events: a pull request's closed, reopened and merged events, oldest first, paginated.</summary>
internal static class IssueEventRoutes
{
    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapGet("/issues/{number:int}/events", (string owner, string repo, int number, HttpContext context) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                var pullRequest = repository?.FindPullRequest(number);
                if (repository is null || pullRequest is null) return GitHubResults.NotFound();
                var events = pullRequest.EventsUnlocked.Select(e => IssueEventPayload.For(repository, e)).ToList();
                return GitHubResults.Json(Pagination.Page(context, events));
            }
        });
    }
}

/// <summary>An issue event as GET …/issues/{n}/events returns it.</summary>
internal sealed record IssueEventPayload(
    long Id,
    string NodeId,
    string Url,
    UserPayload Actor,
    string Event,
    string? CommitId,
    string? CommitUrl,
    DateTimeOffset CreatedAt,
    object? PerformedViaGithubApp)
{
    public static IssueEventPayload For(FakeRepository repository, FakeIssueEvent issueEvent)
    {
        var state = repository.State;
        var api = $"{state.ApiRoot}/repos/{repository.FullName}";
        return new(
            issueEvent.Id,
            $"E_fake{issueEvent.Id}",
            $"{api}/issues/events/{issueEvent.Id}",
            UserPayload.For(state, issueEvent.Actor),
            issueEvent.Event,
            issueEvent.CommitId,
            issueEvent.CommitId is { } sha ? $"{api}/commits/{sha}" : null,
            issueEvent.CreatedAt,
            null);
    }
}
