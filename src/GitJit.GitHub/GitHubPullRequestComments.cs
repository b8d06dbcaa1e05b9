using GitJit.Core.Grants;

namespace GitJit.GitHub;

/// <summary>The bot's once-per-event comments through Octokit, as the installation (<see cref="MarkedComment"/>); GitHub's refusals are Octokit's <see cref="Octokit.ApiException"/>.</summary>
public sealed class GitHubPullRequestComments(GitHubAppClients clients) : IPullRequestComments
{
    public Task EnsureAsync(long installation, string owner, string repository, int number, string name, string body, CancellationToken cancellationToken) =>
        MarkedComment.EnsureAsync(clients, installation, owner, repository, number, name, body, cancellationToken);
}
