using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.GitHub;
using GitJit.Server.Grants;
using GitJit.Server.Hosting;
using Hangfire;

namespace GitJit.Server.Jobs;

/// <summary>Answers a <c>/gitjit</c> command in the pull request it was written in.</summary>
public sealed class CommentCommandJob(GitHubAppClients clients, PullRequestJob evaluation, IAuditTrail audit, RevokeJob revoke, GrantingBranches branches, Admins admins)
{
    /// <summary>As queued before commands carried their comment's id: the reply is not marked, and a retry may post it again.</summary>
    [AutomaticRetry(Attempts = 10)]
    public Task AnswerAsync(long installationId, string owner, string repository, int number, PullRequestCommand command, string author, long authorId, CancellationToken cancellationToken) =>
        AnswerAsync(installationId, owner, repository, number, command, author, authorId, commentId: null, cancellationToken);

    /// <summary>
    /// Answers the command written in comment <paramref name="commentId"/>; the reply carries that id as its marker
    /// (<see cref="MarkedComment"/>), so a retried job, even after GitHub posted the reply and answered with an error, replies once.
    /// </summary>
    [AutomaticRetry(Attempts = 10)]
    public async Task AnswerAsync(long installationId, string owner, string repository, int number, PullRequestCommand command, string author, long authorId, long? commentId, CancellationToken cancellationToken)
    {
        var client = await clients.ForInstallationAsync(installationId, cancellationToken).ConfigureAwait(false);
        var reply = command switch
        {
            PullRequestCommand.Help => PullRequestCommands.Help,
            PullRequestCommand.Plan => await PlanAsync(installationId, owner, repository, number, author, cancellationToken).ConfigureAwait(false),
            PullRequestCommand.Revoke => await RevokeAsync(client, installationId, owner, repository, number, author, authorId, cancellationToken).ConfigureAwait(false),
            _ => $"@{author} GitJit does not know that command.\n\n{PullRequestCommands.Help}",
        };
        if (reply is null) return;
        if (commentId is { } id)
        {
            await MarkedComment.EnsureAsync(clients, installationId, owner, repository, number, ReplyName(id), reply, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await client.Issue.Comment.Create(owner, repository, number, reply).ConfigureAwait(false);
        }
    }

    /// <summary>The marker name of the reply to comment <paramref name="commentId"/>.</summary>
    public static string ReplyName(long commentId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"reply:{commentId}");

    private async Task<string> PlanAsync(long installationId, string owner, string repository, int number, string author, CancellationToken cancellationToken)
    {
        await evaluation.EvaluateAsync(installationId, owner, repository, number, cancellationToken).ConfigureAwait(false);
        return $"@{author} the plan above is up to date with the current commit and approvals.";
    }

    /// <summary>Revokes the pull request's active grant at once, when the requester, one of its approvers or an admin asks; the revocation comments itself.</summary>
    private async Task<string?> RevokeAsync(Octokit.GitHubClient client, long installationId, string owner, string repository, int number, string author, long authorId, CancellationToken cancellationToken)
    {
        var pullRequest = await client.PullRequest.Get(owner, repository, number).ConfigureAwait(false);
        if (!pullRequest.Merged) return $"@{author} this pull request is not merged, so there is no grant to revoke.";

        // Records are read from the branch grants are recorded on, never from whatever branch the pull request targets.
        var recordsBranch = branches.RecordsBranch(pullRequest.Base.Ref, pullRequest.Base.Repository.DefaultBranch);
        var location = new AuditLocation(installationId, $"{owner}/{repository}", pullRequest.Base.Repository.CloneUrl, recordsBranch);
        var grantId = Grant.IdFor(location.Repository, number);
        var records = await audit.ReadAsync(location, number, cancellationToken).ConfigureAwait(false);
        var granted = records.FirstOrDefault(r => r.Event == AuditEvent.Granted && string.Equals(r.Request, grantId, StringComparison.OrdinalIgnoreCase));
        if (granted is null) return $"@{author} there is no grant recorded for this pull request.";
        if (records.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked)) return $"@{author} this grant has already been revoked.";

        if (!MayRevoke(author, authorId, granted))
        {
            return $"@{author} sorry, only the requester (`@{granted.Requester}`), an approver of this grant or a GitJit admin may revoke it. Nothing was changed.";
        }
        await revoke.RevokeEarlyAsync(location, granted, author, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// The requester, an approver, or an admin — each by GitHub user id (a login can change hands); by login only for a
    /// requester or approver recorded before ids were.
    /// </summary>
    private bool MayRevoke(string login, long id, AuditRecord granted) =>
        Same(granted.RequesterId, granted.Requester, login, id)
        || (granted.Approvals ?? []).Any(a => Same(a.ReviewerId, a.Reviewer, login, id))
        || admins.Includes(id);

    private static bool Same(long? recordedId, string? recordedLogin, string login, long id) =>
        recordedId is { } known ? id > 0 && id == known : string.Equals(login, recordedLogin, StringComparison.OrdinalIgnoreCase);
}
