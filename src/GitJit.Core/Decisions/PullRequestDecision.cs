using System.Text.Json.Serialization;

namespace GitJit.Core.Decisions;

/// <summary>Where a pull request stands. Maps to the check run: success, action_required, failure, or no check.</summary>
public enum DecisionStatus
{
    /// <summary>The pull request touches no file under <c>access-requests/</c>; GitJit has nothing to say.</summary>
    NotAnAccessRequest,

    /// <summary>At least one error: merging must not grant anything.</summary>
    Refused,

    /// <summary>The request is valid but lacks approvals.</summary>
    AwaitingApproval,

    /// <summary>Valid and approved: merging grants the plan.</summary>
    Approved,
}

/// <summary>The whole decision for a pull request: its status, every finding, and the plan when one can be made.</summary>
public sealed record PullRequestDecision(DecisionStatus Status, IReadOnlyList<Finding> Findings, AccessPlan? Plan)
{
    [JsonIgnore]
    public IEnumerable<Finding> Errors => Findings.Where(f => f.Severity == Severity.Error);

    /// <summary>Nothing may be granted unless this is true.</summary>
    public bool Grants => Status == DecisionStatus.Approved && Plan is not null && !Errors.Any();

    /// <summary>
    /// Whether the plan may be granted now, while the pull request is open: a break-glass request the rules allow
    /// (nothing but approvals missing, if anything). Its code owners review it afterwards.
    /// </summary>
    public bool GrantsInEmergency => Status is DecisionStatus.AwaitingApproval or DecisionStatus.Approved && Plan?.Emergency is not null && !Errors.Any();

    /// <summary>This decision with one more error, found outside the request's own rules (where the pull request is, how it was merged): refused.</summary>
    public PullRequestDecision RefusedFor(Finding problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var findings = Findings.Append(problem).ToList();
        findings.Sort(Finding.Order);
        return this with { Status = DecisionStatus.Refused, Findings = findings };
    }
}
