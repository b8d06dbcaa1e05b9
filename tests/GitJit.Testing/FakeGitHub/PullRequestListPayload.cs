namespace GitJit.Testing.FakeGitHub;

/// <summary>
/// A pull request as GET /repos/{owner}/{repo}/pulls lists it (GitHub's "pull request simple"): no merged, mergeable,
/// comments, commits or line counts, which only GET …/pulls/{n} gives.
/// </summary>
internal sealed record PullRequestListPayload(
    string Url,
    long Id,
    string NodeId,
    string HtmlUrl,
    string DiffUrl,
    string PatchUrl,
    string IssueUrl,
    int Number,
    string State,
    bool Locked,
    string Title,
    UserPayload User,
    string? Body,
    IReadOnlyList<object> Labels,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? MergedAt,
    string? MergeCommitSha,
    IReadOnlyList<object> Assignees,
    IReadOnlyList<object> RequestedReviewers,
    IReadOnlyList<object> RequestedTeams,
    BranchPayload Head,
    BranchPayload Base,
    string AuthorAssociation,
    bool Draft)
{
    public static PullRequestListPayload For(FakePullRequest pullRequest)
    {
        var repository = pullRequest.Repository;
        var state = repository.State;
        var api = $"{state.ApiRoot}/repos/{repository.FullName}";
        var html = $"{state.WebUrl}{repository.FullName}/pull/{pullRequest.Number}";
        return new(
            $"{api}/pulls/{pullRequest.Number}",
            pullRequest.Id,
            $"PR_fake{pullRequest.Id}",
            html,
            html + ".diff",
            html + ".patch",
            $"{api}/issues/{pullRequest.Number}",
            pullRequest.Number,
            pullRequest.IsOpen ? "open" : "closed",
            false,
            pullRequest.Title,
            UserPayload.For(state, pullRequest.Author),
            null,
            [],
            pullRequest.CreatedAt,
            pullRequest.UpdatedAt,
            pullRequest.ClosedAt,
            pullRequest.IsMerged ? pullRequest.ClosedAt : null,
            pullRequest.MergeCommitSha,
            [],
            [],
            [],
            BranchPayload.For(pullRequest.HeadRepository, pullRequest.HeadRef, pullRequest.HeadSha, pullRequest.Author),
            BranchPayload.For(repository, pullRequest.BaseRef, pullRequest.BaseSha, repository.Owner),
            "CONTRIBUTOR",
            false);
    }
}

/// <summary>The body of PATCH …/pulls/{n}: what GitJit sends (state); title, body and base are not modelled.</summary>
internal sealed record PullRequestUpdateRequest(string? State);
