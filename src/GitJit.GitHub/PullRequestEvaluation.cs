using GitJit.Core.Decisions;
using GitJit.Core.Rendering;

namespace GitJit.GitHub;

/// <summary>
/// What the bot does for a pull-request event: read the pull request, open the base branch's rules at its commit,
/// look up the teams involved, decide, then publish the check run and the sticky plan comment. Pull requests that
/// touch no request file get neither. Safe to run twice: the check run is republished and the comment edited.
/// </summary>
public sealed class PullRequestEvaluation(GitHubAppClients clients)
{
    public async Task<PullRequestDecision> RunAsync(long installationId, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        var client = await clients.ForInstallationAsync(installationId, cancellationToken).ConfigureAwait(false);
        var pullRequest = await PullRequestReader.ReadAsync(client, owner, repository, number, cancellationToken).ConfigureAwait(false);
        var decision = await GitHubDecision.DecideAsync(client, pullRequest, pullRequest.BaseSha, cancellationToken).ConfigureAwait(false);
        if (decision.Status == DecisionStatus.NotAnAccessRequest) return decision;

        await CheckRunPublisher.PublishAsync(client, pullRequest, decision, cancellationToken).ConfigureAwait(false);
        var botLogin = await clients.BotLoginAsync().ConfigureAwait(false);
        await PlanComment.UpsertAsync(client, botLogin, owner, repository, number, PlanMarkdown.Render(decision), cancellationToken).ConfigureAwait(false);
        return decision;
    }
}
