using System.Security.Cryptography;
using System.Text;
using GitJit.Core;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// Publishes a decision as the <c>gitjit</c> check run on the head commit: success when approved, action required
/// while approvals are missing, failure when refused; every finding an annotation at its file and line. GitHub takes
/// 50 annotations a request, so the rest follow in updates, which GitHub appends. Each run carries a digest of what it
/// says as its external id: when the App's latest <c>gitjit</c> run on the commit already says it (a retried job whose
/// create GitHub carried out but answered with an error, or an evaluation that changed nothing), no second run is
/// made, and annotations it lacks are appended.
/// </summary>
public static class CheckRunPublisher
{
    public const string Name = "gitjit";
    private const int AnnotationsPerRequest = 50;

    public static async Task<CheckRun> PublishAsync(IGitHubClient client, long appId, PullRequestContext pullRequest, PullRequestDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentNullException.ThrowIfNull(decision);
        var annotations = decision.Findings.Select(Annotation).ToList();
        var title = Title(decision);
        var summary = PlanMarkdown.Render(decision);
        var conclusion = Conclusion(decision.Status);
        var digest = Digest(conclusion, title, summary, annotations);

        var run = await LatestAsync(client, appId, pullRequest).ConfigureAwait(false);
        int published;
        if (run is not null && run.ExternalId == digest)
        {
            published = (int)Math.Min(run.Output?.AnnotationsCount ?? 0, annotations.Count);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
            run = await client.Check.Run.Create(pullRequest.Owner, pullRequest.Repository, new NewCheckRun(Name, pullRequest.HeadSha)
            {
                ExternalId = digest,
                Status = CheckStatus.Completed,
                Conclusion = conclusion,
                DetailsUrl = pullRequest.HtmlUrl,
                Output = new NewCheckRunOutput(title, summary) { Annotations = annotations.Take(AnnotationsPerRequest).ToList() },
            }).ConfigureAwait(false);
            published = Math.Min(annotations.Count, AnnotationsPerRequest);
        }

        foreach (var chunk in annotations.Skip(published).Chunk(AnnotationsPerRequest))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await client.Check.Run.Update(pullRequest.Owner, pullRequest.Repository, run.Id, new CheckRunUpdate
            {
                Output = new NewCheckRunOutput(title, summary) { Annotations = chunk },
            }).ConfigureAwait(false);
        }
        return run;
    }

    /// <summary>The App's latest <c>gitjit</c> run on the head commit, or null.</summary>
    private static async Task<CheckRun?> LatestAsync(IGitHubClient client, long appId, PullRequestContext pullRequest)
    {
        var runs = await client.Check.Run.GetAllForReference(pullRequest.Owner, pullRequest.Repository, pullRequest.HeadSha,
            new CheckRunRequest { CheckName = Name, Filter = CheckRunCompletedAtFilter.Latest }).ConfigureAwait(false);
        return runs.CheckRuns.Where(r => r.App?.Id == appId && r.Name == Name).MaxBy(r => r.Id);
    }

    /// <summary>What a run says, as a short digest: its conclusion, title, summary and every annotation.</summary>
    internal static string Digest(CheckConclusion conclusion, string title, string summary, IReadOnlyList<NewCheckRunAnnotation> annotations)
    {
        var text = new StringBuilder().Append(conclusion).Append('\0').Append(title).Append('\0').Append(summary);
        foreach (var a in annotations)
        {
            text.Append('\0').Append(a.Path).Append(':').Append(a.StartLine).Append(':').Append(a.AnnotationLevel).Append(':').Append(a.Title).Append(':').Append(a.Message);
        }
        return "gitjit-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
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
        { Plan: { } plan, Status: DecisionStatus.Approved } =>
            $"Approved{(plan.Approvals.ByRule is null ? "" : " by rule")}: {plan.Requester} gets {plan.Role} on {plan.Resource} for {GrantDuration.Format(plan.Duration)}",
        { Plan: { Emergency: { } emergency } plan } =>
            $"Emergency: granted without approval; a code owner must approve within {GrantDuration.Format(emergency.FollowUpWithin)} of the grant",
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
