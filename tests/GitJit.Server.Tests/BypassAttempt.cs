using GitJit.Sandbox.GitHub;

namespace GitJit.Server.Tests;

/// <summary>What the product promises for one bypass attempt once it is merged anyway.</summary>
internal enum BypassExpectation
{
    /// <summary>The check is not green and names why; the merge leaves a <c>refused</c> record; no role.</summary>
    Refused,

    /// <summary>
    /// The check was green for what GitHub showed the bot last (a legitimate approval, a plain request); what changed
    /// afterwards sends no pull-request event, so only the merge decision sees it: a <c>refused</c> record; no role.
    /// </summary>
    RefusedOnlyAtMerge,

    /// <summary>Not an access request at all (nothing under <c>access-requests/</c>): no check, no comment, no record, no role.</summary>
    NotAnAccessRequest,

    /// <summary>A legitimate grant whose merge is delivered again: exactly one <c>granted</c> record and one role, never two.</summary>
    GrantedOnce,
}

/// <summary>How an attempt ended: its (merged) pull request, what is promised, the phrase the check or sticky comment shows, the refusal's.</summary>
internal sealed record BypassOutcome(FakePullRequest PullRequest, BypassExpectation Expect, string Says, string Refusal)
{
    public static BypassOutcome Refused(FakePullRequest pullRequest, string says, string refusal) => new(pullRequest, BypassExpectation.Refused, says, refusal);
}
