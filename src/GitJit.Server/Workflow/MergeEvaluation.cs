using System.Text;
using GitJit.Core;
using GitJit.Core.Decisions;
using GitJit.Core.Rendering;
using GitJit.GitHub;

namespace GitJit.Server.Workflow;

/// <summary>
/// What the bot does when an access pull request is merged: decide once more on the merged commit — the request as
/// merged, the rules of the commit the merge was made onto (<see cref="MergeBase"/>), approvals on the last head
/// commit — and hand the outcome on: a grant order when the decision passes, a refusal otherwise (for example an
/// administrator merging past the required check). Only merges into a granting branch (<see cref="GrantingBranches"/>)
/// that is protected (<see cref="BranchProtection"/>) can pass, and only when the merged commit differs from its base
/// by exactly the one added request file. Records go
/// to the granting branch. The provisioning side tells the pull request.
/// </summary>
public sealed class MergeEvaluation(GitHubAppClients clients, IGrantProvisioning provisioning, GrantingBranches branches, TimeProvider time)
{
    public async Task<PullRequestDecision?> RunAsync(long installationId, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        var client = await clients.ForInstallationAsync(installationId, cancellationToken).ConfigureAwait(false);
        var merged = await client.PullRequest.Get(owner, repository, number).ConfigureAwait(false);
        if (!merged.Merged || merged.MergeCommitSha is not { } mergeSha) return null;

        var pullRequest = await PullRequestReader.ReadAsync(client, owner, repository, number, contentAt: mergeSha, cancellationToken).ConfigureAwait(false);
        if (pullRequest.TouchedRequest is not { } touched) return new PullRequestDecision(DecisionStatus.NotAnAccessRequest, [], null);

        var recordsBranch = branches.RecordsBranch(pullRequest.BaseRef, pullRequest.DefaultBranch);
        var source = new MergeSource(installationId, $"{owner}/{repository}", number, merged.HtmlUrl, mergeSha, merged.Base.Repository.CloneUrl, recordsBranch, pullRequest.DefaultBranch);
        var requestPath = pullRequest.AddedRequest ?? touched.Path;
        if (!branches.Allows(pullRequest.BaseRef, pullRequest.DefaultBranch))
        {
            return await RefuseAsync(source, requestPath, pullRequest, branches.NotGranting(requestPath, pullRequest.BaseRef, pullRequest.DefaultBranch, merged: true), cancellationToken).ConfigureAwait(false);
        }
        if (!await BranchProtection.IsProtectedAsync(client, owner, repository, pullRequest.BaseRef).ConfigureAwait(false))
        {
            return await RefuseAsync(source, requestPath, pullRequest, BranchProtection.Unprotected(requestPath, pullRequest.BaseRef), cancellationToken).ConfigureAwait(false);
        }

        string rulesAt;
        if (pullRequest.AddedRequest is { } added)
        {
            var found = await MergeBase.FindAsync(client, owner, repository, mergeSha, pullRequest.Commits, added, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return await RefuseAsync(source, requestPath, pullRequest, Finding.Error(added, SourcePosition.File, "pr.merge-changes-more",
                    $"the merge commit {mergeSha[..7]} does not differ from the branch it was merged onto by exactly this one added request file, so GitJit cannot tell which rules were approved"),
                    cancellationToken).ConfigureAwait(false);
            }
            rulesAt = found;
        }
        else
        {
            // Not exactly one added request: the decision refuses whatever the rules say, and names every problem.
            var mergeCommit = await client.Repository.Commit.Get(owner, repository, mergeSha).ConfigureAwait(false);
            rulesAt = mergeCommit.Parents.Count > 0 ? mergeCommit.Parents[0].Sha : pullRequest.BaseSha;
        }

        var decision = await GitHubDecision.DecideAsync(client, pullRequest, rulesAt, await clients.BotLoginAsync().ConfigureAwait(false), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (decision.Status == DecisionStatus.NotAnAccessRequest) return decision;
        if (decision.Grants && pullRequest.AddedRequest is not null)
        {
            await provisioning.GrantAsync(new GrantOrder(source, decision.Plan!), cancellationToken).ConfigureAwait(false);
            return decision;
        }

        var problems = decision.Errors.ToList();
        if (problems.Count == 0 && decision.Plan is { } unapproved)
        {
            problems.Add(Finding.Error(unapproved.RequestPath, SourcePosition.File, "pr.merged-without-approval",
                $"merged with {unapproved.Approvals.Counted.Count} of the {unapproved.Approvals.Required} code-owner approval(s) the role needs"));
        }
        await provisioning.RefuseAsync(new MergeRefusal(source, decision.Plan?.RequestPath ?? problems.FirstOrDefault()?.Path, pullRequest.Facts.Author, problems), cancellationToken).ConfigureAwait(false);
        return decision;
    }

    private async Task<PullRequestDecision> RefuseAsync(MergeSource source, string requestPath, PullRequestContext pullRequest, Finding problem, CancellationToken cancellationToken)
    {
        await provisioning.RefuseAsync(new MergeRefusal(source, requestPath, pullRequest.Facts.Author, [problem]), cancellationToken).ConfigureAwait(false);
        return new PullRequestDecision(DecisionStatus.Refused, [problem], null);
    }

    /// <summary>The comment telling a merged pull request that nothing is granted, and why.</summary>
    public static string Refusal(string mergeSha, IReadOnlyList<Finding> problems)
    {
        ArgumentNullException.ThrowIfNull(mergeSha);
        ArgumentNullException.ThrowIfNull(problems);
        var text = new StringBuilder($"❌ Merged as {Markdown.Code(mergeSha[..7])}, but GitJit grants nothing:\n\n");
        foreach (var problem in problems)
        {
            text.Append("- ").Append(Markdown.Code(problem.Line > 0 ? $"{problem.Path}:{problem.Line}" : problem.Path)).Append(' ').AppendLine(Markdown.Escape(problem.Message));
        }
        return text.ToString();
    }
}
