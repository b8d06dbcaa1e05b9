using GitJit.Core.Rendering;
using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// The one sticky plan comment on a pull request: found again by <see cref="PlanMarkdown.Marker"/> among the App's
/// own comments (<see cref="MarkedComment.Mine"/>) and edited in place, created only when there is none.
/// </summary>
public static class PlanComment
{
    public static async Task<IssueComment> UpsertAsync(IGitHubClient client, string botLogin, string owner, string repository, int number, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var comments = await client.Issue.Comment.GetAllForIssue(owner, repository, number).ConfigureAwait(false);
        var mine = MarkedComment.Mine(comments, botLogin, PlanMarkdown.Marker);
        cancellationToken.ThrowIfCancellationRequested();
        if (mine is null)
        {
            return await client.Issue.Comment.Create(owner, repository, number, body).ConfigureAwait(false);
        }
        return mine.Body == body ? mine : await client.Issue.Comment.Update(owner, repository, mine.Id, body).ConfigureAwait(false);
    }
}
