namespace GitJit.Testing.FakeGitHub;

/// <summary>A pull request from <see cref="HeadRef"/> into <c>main</c>; its reviews, and its merge once merged.</summary>
public sealed class FakePullRequest
{
    private readonly FakeRepository repository;
    private readonly List<FakeReview> reviews = [];

    internal FakePullRequest(FakeRepository repository, int number, string author, string title, string baseSha, string headSha, string headRef)
    {
        this.repository = repository;
        Number = number;
        Id = repository.State.NextId();
        Author = author;
        Title = title;
        BaseSha = baseSha;
        HeadSha = headSha;
        HeadRef = headRef;
        CreatedAt = UpdatedAt = repository.State.Time.GetUtcNow();
    }

    public FakeRepository Repository => repository;

    public int Number { get; }

    public long Id { get; }

    public string Author { get; }

    public string Title { get; }

    public string BaseSha { get; }

    public string HeadSha { get; private set; }

    public string HeadRef { get; }

    public string BaseRef => repository.DefaultBranch;

    public bool IsOpen => ClosedAt is null;

    public bool IsMerged => MergeCommitSha is not null;

    public string? MergeCommitSha { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public IReadOnlyList<FakeReview> Reviews
    {
        get { lock (repository.State.Gate) return [.. reviews]; }
    }

    /// <summary>Moves the head to <paramref name="newHeadSha"/>, as a push to the PR branch does.</summary>
    public void Push(string newHeadSha)
    {
        lock (repository.State.Gate)
        {
            RequireOpen();
            repository.RequireCommit(newHeadSha);
            HeadSha = newHeadSha;
            repository.MoveBranch(HeadRef, newHeadSha);
            Touch();
        }
    }

    /// <summary>Submits a review; <paramref name="state"/> is APPROVED, CHANGES_REQUESTED, COMMENTED or DISMISSED.</summary>
    /// <returns>The review's id.</returns>
    public long AddReview(string reviewer, string state, string? commitId = null, string body = "")
    {
        lock (repository.State.Gate)
        {
            var review = new FakeReview(repository.State.NextId(), reviewer, state, commitId ?? HeadSha, body, repository.State.Time.GetUtcNow());
            reviews.Add(review);
            Touch();
            return review.Id;
        }
    }

    /// <summary>Closes the pull request as merged by <paramref name="mergeCommitSha"/>, which becomes main's head.</summary>
    public void Merge(string mergeCommitSha)
    {
        lock (repository.State.Gate)
        {
            RequireOpen();
            repository.RequireCommit(mergeCommitSha);
            MergeCommitSha = mergeCommitSha;
            repository.MoveBranch(BaseRef, mergeCommitSha);
            Close();
        }
    }

    public void Close()
    {
        lock (repository.State.Gate)
        {
            Touch();
            ClosedAt ??= UpdatedAt;
        }
    }

    internal IReadOnlyList<FakeReview> ReviewsUnlocked => reviews;

    private void RequireOpen()
    {
        if (!IsOpen) throw new InvalidOperationException($"Pull request #{Number} is closed.");
    }

    private void Touch() => UpdatedAt = repository.State.Time.GetUtcNow();
}
