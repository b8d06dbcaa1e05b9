using GitJit.Core;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// Publishes a decision as the <c>gitjit</c> check run on the head commit: success when approved, action required
/// while approvals are missing, failure when refused; every finding an annotation at its file and line. GitHub takes
/// 50 annotations a request, so the rest follow in updates, which GitHub appends.
/// </summary>
public static class CheckRunPublisher
{
    public const string Name = "gitjit";
    private const int AnnotationsPerRequest = 50;

    public static async Task<CheckRun> PublishAsync(IGitHubClient client, PullRequestContext pullRequest, PullRequestDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentNullException.ThrowIfNull(decision);
        var annotations = decision.Findings.Select(Annotation).ToList();
        var title = Title(decision);
        var summary = PlanMarkdown.Render(decision);

        var created = await client.Check.Run.Create(pullRequest.Owner, pullRequest.Repository, new NewCheckRun(Name, pullRequest.HeadSha)
        {
            Status = CheckStatus.Completed,
            Conclusion = Conclusion(decision.Status),
            DetailsUrl = pullRequest.HtmlUrl,
            Output = new NewCheckRunOutput(title, summary) { Annotations = annotations.Take(AnnotationsPerRequest).ToList() },
        }).ConfigureAwait(false);

        foreach (var chunk in annotations.Skip(AnnotationsPerRequest).Chunk(AnnotationsPerRequest))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await client.Check.Run.Update(pullRequest.Owner, pullRequest.Repository, created.Id, new CheckRunUpdate
            {
                Output = new NewCheckRunOutput(title, summary) { Annotations = chunk },
            }).ConfigureAwait(false);
        }
        return created;
    }

    internal static CheckConclusion Conclusion(DecisionStatus status) => status switch
    {
        DecisionStatus.Approved => CheckConclusion.Success,
        DecisionStatus.AwaitingApproval => CheckConclusion.ActionRequired,
        _ => CheckConclusion.Failure,
    };

    internal static string Title(PullRequestDecision decision) => decision switch
    {
        { Status: DecisionStatus.Refused } => $"Refused: {decision.Errors.Count()} problem(s)",
        { Plan: { } plan, Status: DecisionStatus.Approved } => $"Approved: {plan.Requester} gets {plan.Role} on {plan.Resource} for {GrantDuration.Format(plan.Duration)}",
        { Plan: { } plan } => $"Waiting for {plan.Approvals.Missing} approval(s) from code owners",
        _ => "No access request",
    };

    private static NewCheckRunAnnotation Annotation(Finding finding)
    {
        var line = Math.Max(1, finding.Line);
        var level = finding.Severity switch
        {
            Severity.Error => CheckAnnotationLevel.Failure,
            Severity.Warning => CheckAnnotationLevel.Warning,
            _ => CheckAnnotationLevel.Notice,
        };
        return new NewCheckRunAnnotation(finding.Path, line, line, level, finding.Message) { Title = finding.Code };
    }
}
