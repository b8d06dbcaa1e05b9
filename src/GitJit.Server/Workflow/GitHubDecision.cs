using GitJit.Core.Decisions;
using GitJit.Core.Repository;
using GitJit.GitHub;
using Octokit;

namespace GitJit.Server.Workflow;

/// <summary>
/// The decider, fed from GitHub: the rules at <c>rulesAt</c>, the teams they name, the pull request's facts, at <c>now</c>,
/// and the App's own login (<c>botLogin</c>), the one author who may open an extension request for someone else.
/// </summary>
public static class GitHubDecision
{
    public static async Task<PullRequestDecision> DecideAsync(IGitHubClient client, PullRequestContext pullRequest, string rulesAt, string botLogin, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        var rules = new GitHubRepositorySnapshot(client, pullRequest.Owner, pullRequest.Repository, rulesAt);
        var baseBranch = await AccessRepository.OpenAsync(rules, cancellationToken).ConfigureAwait(false);
        var teams = await TeamLookup.ForAsync(client, baseBranch, pullRequest.Facts, cancellationToken).ConfigureAwait(false);
        return await PullRequestDecider.DecideAsync(baseBranch, pullRequest.Facts with { BotLogin = botLogin }, teams, now, cancellationToken).ConfigureAwait(false);
    }
}
