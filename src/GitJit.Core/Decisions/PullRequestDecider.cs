using GitJit.Core.Decisions.Rules;
using GitJit.Core.Model;
using GitJit.Core.Repository;

namespace GitJit.Core.Decisions;

/// <summary>
/// The decision for a pull request: the one function the bot (on every event and again on merge) and
/// <c>gitjit plan</c> call. The rules — policy, schemas and CODEOWNERS — come from the base branch's <see cref="AccessRepository"/>,
/// never from the pull request; the pull request contributes only its changed files, author and reviews.
/// Every rule of <see cref="RuleSet.PullRequest"/> runs beside the static rules of the request it adds; all findings are gathered.
/// </summary>
public static class PullRequestDecider
{
    public static async Task<PullRequestDecision> DecideAsync(AccessRepository baseBranch, PullRequestFacts pullRequest, TeamDirectory teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseBranch);
        ArgumentNullException.ThrowIfNull(pullRequest);
        var context = await PullRequestContext.ReadAsync(baseBranch, pullRequest, teams, now, cancellationToken).ConfigureAwait(false);
        if (context.Touched.Count == 0) return new PullRequestDecision(DecisionStatus.NotAnAccessRequest, [], null);

        var findings = RuleSet.PullRequest.SelectMany(rule => rule.Check(context)).ToList();
        if (context.Evaluation is not { } evaluation)
        {
            // No request was read (none added, a symbolic link, unreadable): the rules above said why.
            return new PullRequestDecision(DecisionStatus.Refused, Sorted(findings), null);
        }

        findings.AddRange(evaluation.Findings);
        if (evaluation.Policy is { Policy: null } brokenPolicy)
        {
            findings.AddRange(brokenPolicy.Findings);
        }
        var plan = Plan(evaluation, pullRequest, teams, now);
        var status = findings.Any(f => f.Severity == Severity.Error) ? DecisionStatus.Refused
            : plan?.Approvals.IsSatisfied == true ? DecisionStatus.Approved
            : DecisionStatus.AwaitingApproval;
        return new PullRequestDecision(status, Sorted(findings), plan);
    }

    private static AccessPlan? Plan(RequestEvaluation evaluation, PullRequestFacts pullRequest, TeamDirectory teams, DateTimeOffset now)
    {
        if (evaluation is not { Document.Request: { } request, Policy.Policy: { } policy, Role: { } role, Effective: { } guardrails })
        {
            return null;
        }
        var rule = AutoApprovals.Check(role, request, guardrails, teams);
        var tally = ApprovalCounter.Count(pullRequest.Reviews, evaluation.Owners, role.Approvals, request.Requester, pullRequest.Author, pullRequest.HeadSha, teams)
            with { ByRule = rule.Approved, NotByRule = rule.NotBecause };
        // The author's id is the requester's only when they are the same person (the App opens extension requests for others).
        var requesterId = string.Equals(request.Requester, pullRequest.Author, StringComparison.OrdinalIgnoreCase) ? pullRequest.AuthorId : null;
        return new AccessPlan(evaluation.Document.Path, request.Requester, request.Resource, role.Name, policy.Provider, policy.Target,
            request.Duration, request.Reason, request.Ticket, guardrails, evaluation.Owners, tally, requesterId)
        {
            Extension = role.ExtendWithoutApproval ? role.MaxDuration : null,
            Emergency = request.Emergency ? role.Emergency : null,
            Start = request.Start,
            StartHasPassed = request.Start <= now,
            Extends = request.Extends,
            MaxDuration = role.MaxDuration,
        };
    }

    private static List<Finding> Sorted(List<Finding> findings)
    {
        findings.Sort(Finding.Order);
        return findings;
    }
}
