namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// People request access for themselves: a request's <c>requester</c> is the pull request's author (logins compare
/// case-insensitively). The one exception is an extension request (<c>extends</c>) opened by GitJit's own App, which
/// <c>/gitjit extend</c> opens on the requester's behalf; whether its requester is the grant's is checked on merge.
/// </summary>
internal sealed class RequesterIsAuthorRule : IPullRequestRule
{
    private const string Code = "pr.requester-not-author";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(PullRequestContext pullRequest)
    {
        if (pullRequest.Evaluation is not { Document: { Request: { } request } document }
            || string.Equals(request.Requester, pullRequest.Facts.Author, StringComparison.OrdinalIgnoreCase)
            || (request.Extends is not null && pullRequest.Facts.ByBot))
        {
            return [];
        }
        return [Finding.Error(document.Path, document.At("requester"), Code,
            $"requester is {Text.Quote(request.Requester)} but the pull request was opened by {Text.Quote(pullRequest.Facts.Author)}; people request access for themselves")];
    }
}
