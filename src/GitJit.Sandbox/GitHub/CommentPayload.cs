namespace GitJit.Sandbox.GitHub;

/// <summary>An issue comment as GET/POST/PATCH …/issues/…/comments return it.</summary>
internal sealed record CommentPayload(
    long Id,
    string NodeId,
    string Url,
    string HtmlUrl,
    string IssueUrl,
    string Body,
    UserPayload User,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string AuthorAssociation)
{
    public static CommentPayload For(FakeRepository repository, FakeComment comment)
    {
        var state = repository.State;
        var api = $"{state.ApiRoot}/repos/{repository.FullName}";
        var user = UserPayload.For(state, comment.Author);
        return new(
            comment.Id,
            $"IC_fake{comment.Id}",
            $"{api}/issues/comments/{comment.Id}",
            $"{state.WebUrl}{repository.FullName}/pull/{comment.IssueNumber}#issuecomment-{comment.Id}",
            $"{api}/issues/{comment.IssueNumber}",
            comment.Body,
            user,
            comment.CreatedAt,
            comment.UpdatedAt,
            "NONE");
    }
}

/// <summary>The body of POST and PATCH on issue comments.</summary>
internal sealed record CommentRequest(string? Body);
