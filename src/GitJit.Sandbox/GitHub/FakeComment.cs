namespace GitJit.Sandbox.GitHub;

/// <summary>An issue comment, posted by an app's bot user; <see cref="Body"/> changes when it is edited.</summary>
public sealed class FakeComment
{
    internal FakeComment(long id, int issueNumber, string author, string body, DateTimeOffset createdAt)
    {
        Id = id;
        IssueNumber = issueNumber;
        Author = author;
        Body = body;
        CreatedAt = UpdatedAt = createdAt;
    }

    public long Id { get; }

    public int IssueNumber { get; }

    public string Author { get; }

    public string Body { get; internal set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; internal set; }
}
