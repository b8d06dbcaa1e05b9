using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// A comment the App makes once per pull request and event (granted, refused, revoked): recognised by a hidden marker
/// among the App's own comments, so a retried job posts it when it is missing and never twice. The sticky plan comment
/// (<see cref="PlanComment"/>) is found the same way.
/// </summary>
public static class MarkedComment
{
    public static string Marker(string name) => $"<!-- gitjit:{name} -->";

    /// <summary>Posts <paramref name="body"/> under the marker <paramref name="name"/> as the installation, unless the App already did.</summary>
    public static async Task EnsureAsync(GitHubAppClients clients, long installationId, string owner, string repository, int number, string name, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var client = await clients.ForInstallationAsync(installationId, cancellationToken).ConfigureAwait(false);
        var botLogin = await clients.BotLoginAsync().ConfigureAwait(false);
        var marker = Marker(name);
        var comments = await client.Issue.Comment.GetAllForIssue(owner, repository, number).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (Mine(comments, botLogin, marker) is not null) return;
        await client.Issue.Comment.Create(owner, repository, number, $"{marker}\n{body}").ConfigureAwait(false);
    }

    /// <summary>
    /// The App's own comment starting with <paramref name="marker"/>, found by the App's bot login so that nobody else's
    /// comment carrying the marker is ever taken for it; null when there is none.
    /// </summary>
    public static IssueComment? Mine(IEnumerable<IssueComment> comments, string botLogin, string marker) =>
        comments.FirstOrDefault(c =>
            string.Equals(c.User?.Login, botLogin, StringComparison.OrdinalIgnoreCase)
            && c.Body?.StartsWith(marker, StringComparison.Ordinal) == true);
}
