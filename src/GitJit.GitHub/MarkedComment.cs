using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// A comment the App makes once per pull request and event (granted, refused, revoked): recognised by a hidden marker
/// among the App's own comments, so a retried job posts it when it is missing and never twice.
/// </summary>
public static class MarkedComment
{
    public static string Marker(string name) => $"<!-- gitjit:{name} -->";

    public static async Task EnsureAsync(IGitHubClient client, string botLogin, string owner, string repository, int number, string name, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var marker = Marker(name);
        var comments = await client.Issue.Comment.GetAllForIssue(owner, repository, number).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (comments.Any(c => string.Equals(c.User?.Login, botLogin, StringComparison.OrdinalIgnoreCase) && c.Body?.StartsWith(marker, StringComparison.Ordinal) == true)) return;
        await client.Issue.Comment.Create(owner, repository, number, $"{marker}\n{body}").ConfigureAwait(false);
    }
}
