namespace GitJit.Sandbox.GitHub;

/// <summary>GET /repos/{owner}/{repo}/pulls/{pull_number}, with the fields Octokit's PullRequest reads.</summary>
internal sealed record PullRequestPayload(
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
    bool Draft,
    bool Merged,
    bool? Mergeable,
    string MergeableState,
    int Comments,
    int ReviewComments,
    int Commits,
    int Additions,
    int Deletions,
    int ChangedFiles)
{
    public static PullRequestPayload For(FakePullRequest pullRequest, IReadOnlyList<PullRequestFilePayload> files)
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
            pullRequest.Body,
            [.. pullRequest.LabelsUnlocked.Select(l => LabelPayload.For(repository, l))],
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
            false,
            pullRequest.IsMerged,
            pullRequest.IsOpen ? true : null,
            pullRequest.IsOpen ? "clean" : "unknown",
            repository.Comments(pullRequest.Number).Count,
            0,
            Math.Max(1, pullRequest.CommitsUnlocked().Count),
            files.Sum(f => f.Additions),
            files.Sum(f => f.Deletions),
            files.Count);
    }
}

/// <summary>A pull request's head or base: label, ref, sha, user and repository.</summary>
internal sealed record BranchPayload(string Label, string Ref, string Sha, UserPayload User, RepositoryPayload Repo)
{
    public static BranchPayload For(FakeRepository repository, string branch, string sha, string user) =>
        new($"{repository.Owner}:{branch}", branch, sha, UserPayload.For(repository.State, user), RepositoryPayload.For(repository));
}
