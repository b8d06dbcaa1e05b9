namespace GitJit.Sandbox.GitHub;

/// <summary>One entry of GET …/pulls/{n}/reviews.</summary>
internal sealed record ReviewPayload(
    long Id,
    string NodeId,
    UserPayload User,
    string Body,
    string State,
    string HtmlUrl,
    string PullRequestUrl,
    string CommitId,
    DateTimeOffset SubmittedAt,
    string AuthorAssociation)
{
    public static ReviewPayload For(FakePullRequest pullRequest, FakeReview review)
    {
        var repository = pullRequest.Repository;
        var state = repository.State;
        return new(
            review.Id,
            $"PRR_fake{review.Id}",
            UserPayload.For(state, review.Reviewer),
            review.Body,
            review.State,
            $"{state.WebUrl}{repository.FullName}/pull/{pullRequest.Number}#pullrequestreview-{review.Id}",
            $"{state.ApiRoot}/repos/{repository.FullName}/pulls/{pullRequest.Number}",
            review.CommitId,
            review.SubmittedAt,
            "MEMBER");
    }
}
