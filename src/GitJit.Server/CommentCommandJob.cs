using GitJit.GitHub;
using Hangfire;

namespace GitJit.Server;

/// <summary>Answers a <c>/gitjit</c> command in the pull request it was written in.</summary>
public sealed class CommentCommandJob(GitHubAppClients clients, PullRequestJob evaluation)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task AnswerAsync(long installationId, string owner, string repository, int number, PullRequestCommand command, string author, CancellationToken cancellationToken)
    {
        var reply = command switch
        {
            PullRequestCommand.Help => PullRequestCommands.Help,
            PullRequestCommand.Plan => null,
            _ => $"@{author} GitJit does not know that command.\n\n{PullRequestCommands.Help}",
        };
        if (command == PullRequestCommand.Plan)
        {
            await evaluation.EvaluateAsync(installationId, owner, repository, number, cancellationToken).ConfigureAwait(false);
            reply = $"@{author} the plan above is up to date with the current commit and approvals.";
        }
        var client = await clients.ForInstallationAsync(installationId, cancellationToken).ConfigureAwait(false);
        await client.Issue.Comment.Create(owner, repository, number, reply).ConfigureAwait(false);
    }
}
