using GitJit.Core.Model;
using GitJit.Core.Repository;

namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// What the pull-request rules look at: the pull request's facts, sorted into the files it touches under
/// <c>access-requests/</c> (by new or old path), those it adds there and all others; and <see cref="Evaluation"/>, the
/// static rules' reading of its request, when that file could be read. The request is the first added file.
/// </summary>
internal sealed record PullRequestContext(
    PullRequestFacts Facts,
    IReadOnlyList<ChangedFile> Touched,
    IReadOnlyList<ChangedFile> Added,
    IReadOnlyList<ChangedFile> Others,
    RequestEvaluation? Evaluation)
{
    /// <summary>The added request file, or null when the pull request adds none.</summary>
    public ChangedFile? Request => Added.Count > 0 ? Added[0] : null;

    /// <summary>The added request when it is a regular file whose content was not read; null otherwise.</summary>
    public ChangedFile? UnreadRequest => Request is { IsSymbolicLink: false, Content: null } file ? file : null;

    /// <summary>Sorts the pull request's files, and has the static rules read its request when it is a regular file that was read.</summary>
    public static async Task<PullRequestContext> ReadAsync(AccessRepository baseBranch, PullRequestFacts facts, TeamDirectory teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var touched = facts.Files.Where(f => RequestLocation.IsUnderRequests(f.Path) || (f.PreviousPath is { } previous && RequestLocation.IsUnderRequests(previous))).ToList();
        var added = touched.Where(f => f.Kind == ChangeKind.Added).ToList();
        var others = facts.Files.Except(touched).ToList();
        var evaluation = added.FirstOrDefault() is { IsSymbolicLink: false, Content: { } content } request
            ? await RequestRules.EvaluateAsync(baseBranch, request.Path, content, teams, now, cancellationToken).ConfigureAwait(false)
            : null;
        return new(facts, touched, added, others, evaluation);
    }
}
