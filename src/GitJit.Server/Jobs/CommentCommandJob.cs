using GitJit.Core.Audit;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.GitHub;
using GitJit.Server.Grants;
using GitJit.Server.Hosting;
using Hangfire;

namespace GitJit.Server.Jobs;

/// <summary>Answers a <c>/gitjit</c> command in the pull request it was written in.</summary>
public sealed class CommentCommandJob(
    GitHubAppClients clients, PullRequestJob evaluation, IAuditTrail audit, RevokeJob revoke, GrantExtender extender, ScheduleCancellation cancellation,
    ExtensionRequestOpener extensionRequests, GrantingBranches branches, Admins admins)
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
    public Task AnswerAsync(long installationId, string owner, string repository, int number, PullRequestCommand command, string author, long authorId, long? commentId, CancellationToken cancellationToken) =>
        AnswerAsync(installationId, owner, repository, number, command, argument: null, author, authorId, commentId, cancellationToken);

    /// <summary>Answers a command with what followed its word (<paramref name="argument"/>: <c>1h</c> in <c>/gitjit extend 1h</c>; hostile text).</summary>
    [AutomaticRetry(Attempts = 10)]
    public async Task AnswerAsync(long installationId, string owner, string repository, int number, PullRequestCommand command, string? argument, string author, long authorId, long? commentId,
        CancellationToken cancellationToken)
    {
        var client = await clients.ForInstallationAsync(installationId, cancellationToken).ConfigureAwait(false);
        var reply = command switch
        {
            PullRequestCommand.Help => PullRequestCommands.Help,
            PullRequestCommand.Plan => await PlanAsync(installationId, owner, repository, number, author, cancellationToken).ConfigureAwait(false),
            PullRequestCommand.Revoke => await RevokeAsync(client, installationId, owner, repository, number, author, authorId, cancellationToken).ConfigureAwait(false),
            PullRequestCommand.Extend => await ExtendAsync(client, installationId, owner, repository, number, argument, author, authorId, commentId, cancellationToken).ConfigureAwait(false),
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

    /// <summary>
    /// Revokes the pull request's active grant at once, or cancels a scheduled one before it begins, when the requester,
    /// one of its approvers or an admin asks; the revocation (or cancellation) comments itself.
    /// </summary>
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
        if (granted is null)
        {
            var scheduled = records.FirstOrDefault(r => r.Event == AuditEvent.Scheduled && string.Equals(r.Request, grantId, StringComparison.OrdinalIgnoreCase));
            // Refused when its start came (the decision is taken again then): nothing to cancel.
            if (scheduled is null || records.Any(r => r.Event == AuditEvent.Refused)) return $"@{author} there is no grant recorded for this pull request.";
            if (records.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked)) return $"@{author} this scheduled grant has already been cancelled.";
            // The same people may cancel as may revoke: the schedule records the requester and approvals the grant would.
            if (!MayRevoke(author, authorId, scheduled))
            {
                return $"@{author} sorry, only the requester (`@{scheduled.Requester}`), an approver of this grant or a GitJit admin may cancel it. Nothing was changed.";
            }
            granted = await cancellation.CancelAsync(location, scheduled, author, cancellationToken).ConfigureAwait(false);
            // Cancelled (the cancellation comments itself), unless the grant began meanwhile: then it is revoked.
            if (granted is null) return null;
            records = await audit.ReadAsync(location, number, cancellationToken).ConfigureAwait(false);
        }
        if (records.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked)) return $"@{author} this grant has already been revoked.";

        if (!MayRevoke(author, authorId, granted))
        {
            return $"@{author} sorry, only the requester (`@{granted.Requester}`), an approver of this grant or a GitJit admin may revoke it. Nothing was changed.";
        }
        await revoke.RevokeEarlyAsync(location, granted, author, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Extends the pull request's active grant by <paramref name="argument"/> (a duration), when the requester asks: in place
    /// when the role, as the policy on the records branch has it now, allows extension without approval; else by an
    /// extension request the App opens, to be approved and merged.
    /// </summary>
    private async Task<string> ExtendAsync(Octokit.GitHubClient client, long installationId, string owner, string repository, int number, string? argument, string author, long authorId,
        long? commentId, CancellationToken cancellationToken)
    {
        const string Usage = "say by how long, as a request's duration is written: `/gitjit extend 30m`, `/gitjit extend 1h`.";
        if (argument is null) return $"@{author} {Usage}";
        if (!GrantDuration.TryParse(argument, out var extension, out var problem)) return $"@{author} {Markdown.Code(argument)} is not a duration ({Markdown.Escape(problem)}); {Usage}";

        var pullRequest = await client.PullRequest.Get(owner, repository, number).ConfigureAwait(false);
        if (!pullRequest.Merged) return $"@{author} this pull request is not merged, so there is no grant to extend. To ask for longer, change `duration` in the request.";
        var recordsBranch = branches.RecordsBranch(pullRequest.Base.Ref, pullRequest.Base.Repository.DefaultBranch);
        var location = new AuditLocation(installationId, $"{owner}/{repository}", pullRequest.Base.Repository.CloneUrl, recordsBranch);
        var grantId = Grant.IdFor(location.Repository, number);
        var records = await audit.ReadAsync(location, number, cancellationToken).ConfigureAwait(false);
        var granted = records.FirstOrDefault(r => r.Event == AuditEvent.Granted && string.Equals(r.Request, grantId, StringComparison.OrdinalIgnoreCase));
        if (granted is not { Resource: { } resource, Role: { } roleName, Provider: not null, PullRequest: not null }) return $"@{author} there is no grant recorded for this pull request.";
        if (!Same(granted.RequesterId, granted.Requester, author, authorId))
        {
            return $"@{author} sorry, only the requester (`@{granted.Requester}`) may extend this grant. Nothing was changed.";
        }
        if (records.Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked))
        {
            return $"@{author} this grant has already been revoked; nothing to extend. For more access, open a new request.";
        }

        if (await CurrentRules.RoleAsync(client, location, resource, roleName, cancellationToken).ConfigureAwait(false) is not { } role)
        {
            return $"@{author} the policy of `{Markdown.Escape(resource)}` on `{Markdown.Escape(recordsBranch)}` has no valid role `{Markdown.Escape(roleName)}` now, so this grant cannot be extended. Nothing was changed.";
        }
        if (!role.ExtendWithoutApproval)
        {
            // Approved again, in a pull request of its own: the App opens it (a command without a comment id, queued
            // before commands carried one, could not be retried safely, so it is asked again).
            return commentId is { } id
                ? await extensionRequests.OpenAsync(client, location, granted, role, extension, author, id, pullRequest.Base.Repository.DefaultBranch, cancellationToken).ConfigureAwait(false)
                : $"@{author} please ask again: `/gitjit extend {GrantDuration.Format(extension)}`. Nothing was changed.";
        }
        return await extender.ExtendAsync(location, granted, role, extension, author, commentId, cancellationToken).ConfigureAwait(false);
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
