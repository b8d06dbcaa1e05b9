using System.Text;
using GitJit.Core;
using GitJit.Core.Decisions;
using GitJit.Core.Rendering;

namespace GitJit.GitHub;

/// <summary>
/// What the bot does when an access pull request is merged: decide once more on the merged commit — the request as
/// merged, the rules of the base branch the merge was made on (the merge commit's first parent), approvals on the
/// last head commit — and hand the outcome on: a grant order when the decision passes, a refusal otherwise (for
/// example an administrator merging past the required check). The provisioning side tells the pull request.
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

        var source = new MergeSource(installationId, $"{owner}/{repository}", number, merged.HtmlUrl, mergeSha, merged.Base.Repository.CloneUrl, merged.Base.Ref);
        if (decision.Grants)
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
