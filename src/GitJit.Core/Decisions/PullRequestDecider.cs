using GitJit.Core.Model;
using GitJit.Core.Repository;

namespace GitJit.Core.Decisions;

/// <summary>
/// The decision for a pull request: the one function the bot (on every event and again on merge) and
/// <c>gitjit plan</c> call. The rules — policy, schemas and CODEOWNERS — come from the base branch's <see cref="AccessRepository"/>,
/// never from the pull request; the pull request contributes only its changed files, author and reviews.
/// </summary>
public static class PullRequestDecider
{
    public static async Task<PullRequestDecision> DecideAsync(AccessRepository baseBranch, PullRequestFacts pullRequest, TeamDirectory teams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseBranch);
        ArgumentNullException.ThrowIfNull(pullRequest);
        var touched = pullRequest.Files.Where(f => Touches(f, RequestLocation.IsUnderRequests)).ToList();
        if (touched.Count == 0) return new PullRequestDecision(DecisionStatus.NotAnAccessRequest, [], null);

        var findings = new List<Finding>();
        var added = touched.Where(f => f.Kind == ChangeKind.Added).ToList();
        foreach (var file in touched.Where(f => f.Kind != ChangeKind.Added))
        {
            findings.Add(Finding.Error(file.Path, SourcePosition.File, "pr.request-changed",
                $"this pull request {Verb(file.Kind)} an existing request; requests are never edited: open a new pull request that adds a new file"));
        }
        if (added.Count > 1)
        {
            foreach (var extra in added.Skip(1))
            {
                findings.Add(Finding.Error(extra.Path, SourcePosition.File, "pr.several-requests",
                    $"an access pull request adds exactly one request file; this one adds {added.Count}: split them into separate pull requests"));
            }
        }
        var others = pullRequest.Files.Except(touched).ToList();
        if (others.Count > 0)
        {
            var names = string.Join(", ", others.Take(5).Select(f => Text.Quote(f.Path, 80))) + (others.Count > 5 ? $" and {others.Count - 5} more" : "");
            findings.Add(Finding.Error(added.FirstOrDefault()?.Path ?? touched[0].Path, SourcePosition.File, "pr.mixed-changes",
                $"an access pull request changes nothing but its one request file; it also changes {names}"));
        }

        var request = added.FirstOrDefault();
        if (request is not null && added.Count == 1)
        {
            // Each commit, not only the sum: "Rebase and merge" puts every commit on the base branch, one by one.
            foreach (var commit in pullRequest.Commits ?? [])
            {
                var elsewhere = commit.Paths.Where(p => !string.Equals(p, request.Path, StringComparison.Ordinal)).ToList();
                if (elsewhere.Count == 0) continue;
                var names = string.Join(", ", elsewhere.Take(3).Select(p => Text.Quote(p, 80))) + (elsewhere.Count > 3 ? $" and {elsewhere.Count - 3} more" : "");
                findings.Add(Finding.Error(request.Path, SourcePosition.File, "pr.commit-changes-more",
                    $"commit {commit.Sha[..Math.Min(7, commit.Sha.Length)]} also changes {names}; every commit of an access pull request changes only its request file: make it one commit"));
            }
        }
        if (request is { IsSymbolicLink: true })
        {
            findings.Add(Finding.Error(request.Path, SourcePosition.File, "pr.symlink", "a request must be a regular file, not a symbolic link"));
            return new PullRequestDecision(DecisionStatus.Refused, Sorted(findings), null);
        }
        if (request?.Content is not { } content)
        {
            if (request is not null)
            {
                // Never a refusal without its reason: a path GitJit will not read (a control or format character in
                // its name, say) is named as such; otherwise the file was not there to read.
                findings.Add(RequestLocation.Folder(request.Path, out var problem) is null
                    ? Finding.Error(request.Path, SourcePosition.File, "request.location", problem)
                    : Finding.Error(request.Path, SourcePosition.File, "pr.request-unreadable", "the request file could not be read at the pull request's commit"));
            }
            return new PullRequestDecision(DecisionStatus.Refused, Sorted(findings), null);
        }

        var evaluation = await RequestRules.EvaluateAsync(baseBranch, request.Path, content, teams, cancellationToken).ConfigureAwait(false);
        findings.AddRange(evaluation.Findings);
        if (evaluation.Policy is { Policy: null } brokenPolicy)
        {
            findings.AddRange(brokenPolicy.Findings);
        }
        var plan = Plan(evaluation, pullRequest, teams, findings);
        var status = findings.Any(f => f.Severity == Severity.Error) ? DecisionStatus.Refused
            : plan?.Approvals.IsSatisfied == true ? DecisionStatus.Approved
            : DecisionStatus.AwaitingApproval;
        return new PullRequestDecision(status, Sorted(findings), plan);
    }

    private static AccessPlan? Plan(RequestEvaluation evaluation, PullRequestFacts pullRequest, TeamDirectory teams, List<Finding> findings)
    {
        if (evaluation.Document.Request is not { } request) return null;
        if (!string.Equals(request.Requester, pullRequest.Author, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(Finding.Error(evaluation.Document.Path, evaluation.Document.At("requester"), "pr.requester-not-author",
                $"requester is {Text.Quote(request.Requester)} but the pull request was opened by {Text.Quote(pullRequest.Author)}; people request access for themselves"));
        }
        if (evaluation.Policy?.Policy is not { } policy || evaluation.Role is not { } role || evaluation.Effective is not { } guardrails)
        {
            return null;
        }
        var tally = ApprovalCounter.Count(pullRequest.Reviews, evaluation.Owners, role.Approvals, request.Requester, pullRequest.Author, pullRequest.HeadSha, teams);
        return new AccessPlan(evaluation.Document.Path, request.Requester, request.Resource, role.Name, policy.Provider, policy.Target,
            request.Duration, request.Reason, request.Ticket, guardrails, evaluation.Owners, tally, pullRequest.AuthorId);
    }

    private static bool Touches(ChangedFile file, Func<string, bool> predicate) =>
        predicate(file.Path) || (file.PreviousPath is { } previous && predicate(previous));

    private static string Verb(ChangeKind kind) => kind switch
    {
        ChangeKind.Removed => "removes",
        ChangeKind.Renamed => "renames",
        ChangeKind.Copied => "copies",
        _ => "modifies",
    };

    private static List<Finding> Sorted(List<Finding> findings)
    {
        findings.Sort(Finding.Order);
        return findings;
    }
}
