namespace GitJit.Sandbox.GitHub;

/// <summary>
/// One item of GET …/pulls: GitHub's "pull request simple", the full pull request without the merge state, counts and
/// sizes that only GET …/pulls/{n} computes.
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
    public static PullRequestListPayload For(PullRequestPayload full) => new(
        full.Url, full.Id, full.NodeId, full.HtmlUrl, full.DiffUrl, full.PatchUrl, full.IssueUrl, full.Number, full.State, full.Locked,
        full.Title, full.User, full.Body, full.Labels, full.CreatedAt, full.UpdatedAt, full.ClosedAt, full.MergedAt, full.MergeCommitSha,
        full.Assignees, full.RequestedReviewers, full.RequestedTeams, full.Head, full.Base, full.AuthorAssociation, full.Draft);
}

/// <summary>The body of PATCH …/pulls/{n}: what GitJit sends (state); title, body and base are not modelled.</summary>
internal sealed record PullRequestUpdateRequest(string? State);
