using GitJit.Core;
using GitJit.Core.Decisions;
using GitJit.Core.Rendering;
using GitJit.GitHub;

namespace GitJit.Server.Workflow;

/// <summary>
/// What the bot does for a pull-request event: read the pull request, open the base branch's rules at its commit,
/// look up the teams involved, decide, then publish the check run and the sticky plan comment. Pull requests that
/// touch no request file get neither. A pull request into a branch that may not grant (<see cref="GrantingBranches"/>)
/// is refused, and decided under the granting branch's rules, never those of the branch it targets; so is one into a
/// granting branch that is not protected (<see cref="BranchProtection"/>). Safe to run twice:
/// a check run saying the same is not published again, and the comment is edited.
/// </summary>
public sealed class PullRequestEvaluation(GitHubAppClients clients, GrantingBranches branches, IGrantProvisioning provisioning, TimeProvider time)
{
    public async Task<PullRequestDecision> RunAsync(long installationId, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        var client = await clients.ForInstallationAsync(installationId, cancellationToken).ConfigureAwait(false);
        var pullRequest = await PullRequestReader.ReadAsync(client, owner, repository, number, cancellationToken).ConfigureAwait(false);
        var granting = branches.Allows(pullRequest.BaseRef, pullRequest.DefaultBranch);
        var rulesAt = granting
            ? pullRequest.BaseSha
            : (await client.Repository.Commit.Get(owner, repository, branches.RecordsBranch(pullRequest.BaseRef, pullRequest.DefaultBranch)).ConfigureAwait(false)).Sha;
        var botLogin = await clients.BotLoginAsync().ConfigureAwait(false);
        var decision = await GitHubDecision.DecideAsync(client, pullRequest, rulesAt, botLogin, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (decision.Status == DecisionStatus.NotAnAccessRequest) return decision;
        var path = pullRequest.AddedRequest ?? pullRequest.TouchedRequest!.Path;
        if (!granting)
        {
            decision = decision.RefusedFor(branches.NotGranting(path, pullRequest.BaseRef, pullRequest.DefaultBranch, merged: false));
        }
        else if (!await BranchProtection.IsProtectedAsync(client, owner, repository, pullRequest.BaseRef).ConfigureAwait(false))
        {
            decision = decision.RefusedFor(BranchProtection.Unprotected(path, pullRequest.BaseRef));
        }
        else if (decision.Plan?.Emergency is not null && !string.Equals(pullRequest.BaseRef, pullRequest.DefaultBranch, StringComparison.Ordinal))
        {
            // One records branch per emergency: a pull request moved between granting branches could otherwise find no
            // record on the other and be granted twice.
            decision = decision.RefusedFor(Finding.Error(path, SourcePosition.File, "pr.emergency-branch",
                $"an emergency is granted only from a pull request into the default branch {pullRequest.DefaultBranch}, not {pullRequest.BaseRef}"));
        }

        await CheckRunPublisher.PublishAsync(client, clients.AppId, pullRequest, decision, cancellationToken).ConfigureAwait(false);
        await PlanComment.UpsertAsync(client, botLogin, owner, repository, number, PlanMarkdown.Render(decision), cancellationToken).ConfigureAwait(false);

        // Break-glass: a request the rules allow as an emergency is granted while its pull request is open, its records on
        // the granting branch, "merged as" its head. Every later event finds the record (nothing is granted twice) and
        // only looks for the code owners' follow-up approval.
        if (decision.GrantsInEmergency && granting && pullRequest.IsOpen && pullRequest.AddedRequest is not null && pullRequest.CloneUrl is { } cloneUrl)
        {
            // Granting now, so under the rules as they are now: the pull request's base commit may predate a policy change.
            var tip = (await client.Repository.Commit.Get(owner, repository, pullRequest.BaseRef).ConfigureAwait(false)).Sha;
            var current = tip == rulesAt ? decision : await GitHubDecision.DecideAsync(client, pullRequest, tip, botLogin, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (!current.GrantsInEmergency) return decision;
            var source = new MergeSource(installationId, $"{owner}/{repository}", number, pullRequest.HtmlUrl, pullRequest.HeadSha, cloneUrl,
                branches.RecordsBranch(pullRequest.BaseRef, pullRequest.DefaultBranch), pullRequest.DefaultBranch);
            await provisioning.GrantAsync(new GrantOrder(source, current.Plan!), cancellationToken).ConfigureAwait(false);
        }
        return decision;
    }
}
