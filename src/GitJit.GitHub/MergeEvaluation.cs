using System.Text;
using GitJit.Core;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Rendering;

namespace GitJit.GitHub;

/// <summary>
/// What the bot does when an access pull request is merged: decide once more on the merged commit — the request as
/// merged, the rules of the base branch the merge was made on (the merge commit's first parent), approvals on the
/// last head commit — and hand the outcome on: a grant order when the decision passes, a refusal otherwise (for
/// example an administrator merging past the required check). Either way the pull request is told.
/// </summary>
public sealed class MergeEvaluation(GitHubAppClients clients, IGrantProvisioning provisioning)
{
    public async Task<PullRequestDecision?> RunAsync(long installationId, string owner, string repository, int number, CancellationToken cancellationToken)
    {
        var client = await clients.ForInstallationAsync(installationId, cancellationToken).ConfigureAwait(false);
        var merged = await client.PullRequest.Get(owner, repository, number).ConfigureAwait(false);
        if (!merged.Merged || merged.MergeCommitSha is not { } mergeSha) return null;

        var pullRequest = await PullRequestReader.ReadAsync(client, owner, repository, number, contentAt: mergeSha, cancellationToken).ConfigureAwait(false);
        var mergeCommit = await client.Repository.Commit.Get(owner, repository, mergeSha).ConfigureAwait(false);
        var rulesAt = mergeCommit.Parents.Count > 0 ? mergeCommit.Parents[0].Sha : pullRequest.BaseSha;
        var decision = await GitHubDecision.DecideAsync(client, pullRequest, rulesAt, cancellationToken).ConfigureAwait(false);
        if (decision.Status == DecisionStatus.NotAnAccessRequest) return decision;

        var fullName = $"{owner}/{repository}";
        string comment;
        if (decision.Grants)
        {
            var plan = decision.Plan!;
            await provisioning.GrantAsync(new GrantOrder(fullName, number, mergeSha, plan), cancellationToken).ConfigureAwait(false);
            comment = $"✅ Merged as {Markdown.Code(mergeSha[..7])} with a passing evaluation: **{Markdown.Escape(plan.Role)}** on **{Markdown.Escape(plan.Resource)}** for **{GrantDuration.Format(plan.Duration)}** is being granted to {Markdown.Code("@" + plan.Requester)}.";
        }
        else
        {
            var problems = decision.Errors.ToList();
            if (problems.Count == 0 && decision.Plan is { } unapproved)
            {
                problems.Add(Finding.Error(unapproved.RequestPath, SourcePosition.File, "pr.merged-without-approval",
                    $"merged with {unapproved.Approvals.Counted.Count} of the {unapproved.Approvals.Required} code-owner approval(s) the role needs"));
            }
            await provisioning.RefuseAsync(new MergeRefusal(fullName, number, mergeSha, problems), cancellationToken).ConfigureAwait(false);
            comment = Refusal(mergeSha, problems);
        }
        await client.Issue.Comment.Create(owner, repository, number, comment).ConfigureAwait(false);
        return decision;
    }

    private static string Refusal(string mergeSha, IReadOnlyList<Finding> problems)
    {
        var text = new StringBuilder($"❌ Merged as {Markdown.Code(mergeSha[..7])}, but GitJit grants nothing:\n\n");
        foreach (var problem in problems)
        {
            text.Append("- ").Append(Markdown.Code(problem.Line > 0 ? $"{problem.Path}:{problem.Line}" : problem.Path)).Append(' ').AppendLine(Markdown.Escape(problem.Message));
        }
        return text.ToString();
    }
}
