namespace GitJit.Sandbox.GitHub;

/// <summary>A pull request from <see cref="HeadRef"/> into <see cref="BaseRef"/>; its reviews, and its merge once merged.</summary>
public sealed class FakePullRequest
{
    private readonly FakeRepository repository;
    private readonly List<FakeReview> reviews = [];
    private readonly List<string> labels = [];
    private readonly List<FakeIssueEvent> events = [];
    private IReadOnlyList<string>? commitsAtMerge;

    internal FakePullRequest(FakeRepository repository, int number, string author, string title, string baseSha, string headSha, string headRef, string baseRef, FakeRepository headRepository)
    {
        HeadRepository = headRepository;
        BaseRef = baseRef;
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

    /// <summary>Where <see cref="HeadRef"/> lives: <see cref="Repository"/>, or a fork of it.</summary>
    public FakeRepository HeadRepository { get; }

    public int Number { get; }

    public long Id { get; }

    public string Author { get; }

    public string Title { get; }

    /// <summary>The description, Markdown; null when none was given.</summary>
    public string? Body { get; internal set; }

    public string BaseSha { get; }

    public string HeadSha { get; private set; }

    public string HeadRef { get; }

    /// <summary>The branch the pull request asks to be merged into.</summary>
    public string BaseRef { get; }

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
            HeadRepository.MoveBranch(HeadRef, newHeadSha);
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

    /// <summary>
    /// Dismisses review <paramref name="reviewId"/>, as PUT …/pulls/{n}/reviews/{id}/dismissals does: the review stays,
    /// its state becomes DISMISSED.
    /// </summary>
    public void DismissReview(long reviewId)
    {
        lock (repository.State.Gate)
        {
            var index = reviews.FindIndex(r => r.Id == reviewId);
            if (index < 0) throw new ArgumentException($"No review {reviewId} on pull request #{Number}.", nameof(reviewId));
            reviews[index] = reviews[index] with { State = "DISMISSED" };
            Touch();
        }
    }

    /// <summary>
    /// Merges as GitHub's merge button does with <paramref name="method"/>, onto the base branch's current tip: a merge
    /// commit (two parents, the base branch first), one squashed commit, or each of the pull request's commits replayed
    /// ("rebase and merge", new commits one after the other). The base branch moves to the result, which is returned
    /// (for a rebase, the last replayed commit: GitHub's <c>merge_commit_sha</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The pull request is closed, or its changes conflict with the base branch.</exception>
    public string Merge(FakeMergeMethod method)
    {
        lock (repository.State.Gate)
        {
            RequireOpen();
            var tip = repository.BranchTip(BaseRef) ?? BaseSha;
            string result;
            switch (method)
            {
                case FakeMergeMethod.Merge:
                    result = repository.CommitUnlocked(Apply(repository.RequireCommit(tip), MergeBaseUnlocked(tip), HeadSha), [tip, HeadSha]);
                    break;
                case FakeMergeMethod.Squash:
                    result = repository.CommitUnlocked(Apply(repository.RequireCommit(tip), MergeBaseUnlocked(tip), HeadSha), [tip]);
                    break;
                default:
                    result = tip;
                    foreach (var commit in CommitsUnlocked(tip))
                    {
                        var parent = repository.ParentsOf(commit)[0];
                        result = repository.CommitUnlocked(Apply(repository.RequireCommit(result), parent, commit), [result]);
                    }
                    break;
            }
            commitsAtMerge = CommitsUnlocked(tip);
            MergeCommitSha = result;
            repository.MoveBranch(BaseRef, result);
            Touch();
            Record("merged", Author);
            Close();
            return result;
        }
    }

    /// <summary>The pull request's commits, oldest first: those reachable from its head but not from the base branch.</summary>
    public IReadOnlyList<string> Commits
    {
        get { lock (repository.State.Gate) return CommitsUnlocked(); }
    }

    /// <summary>The pull request's commits; once merged, those it had when it was merged.</summary>
    internal IReadOnlyList<string> CommitsUnlocked() => commitsAtMerge ?? CommitsUnlocked(repository.BranchTip(BaseRef) ?? BaseSha);

    private List<string> CommitsUnlocked(string baseTip)
    {
        var onBase = new HashSet<string>(repository.Ancestry(baseTip), StringComparer.OrdinalIgnoreCase);
        onBase.UnionWith(repository.Ancestry(BaseSha));
        var commits = new List<string>();
        for (var sha = HeadSha; !onBase.Contains(sha);)
        {
            commits.Add(sha);
            if (repository.ParentsOf(sha) is not [var first, ..]) break;
            sha = first;
        }
        commits.Reverse();
        return commits;
    }

    private string MergeBaseUnlocked(string tip) => repository.MergeBase(tip, HeadSha) ?? BaseSha;

    /// <summary><paramref name="onto"/> with the changes from commit <paramref name="from"/> to <paramref name="to"/> applied, as a three-way merge.</summary>
    private FakeTree Apply(FakeTree onto, string from, string to)
    {
        var (before, after) = (repository.RequireCommit(from).Entries, repository.RequireCommit(to).Entries);
        var result = onto.Clone();
        foreach (var path in before.Keys.Union(after.Keys))
        {
            var (old, now) = (before.GetValueOrDefault(path), after.GetValueOrDefault(path));
            if (Same(old, now)) continue;
            var theirs = onto.Entries.GetValueOrDefault(path);
            if (!Same(theirs, old) && !Same(theirs, now)) throw new InvalidOperationException($"Pull request #{Number} conflicts with {BaseRef} at {path}.");
            if (now is null) result.Without(path);
            else result.With(path, now);
        }
        return result;
    }

    private static bool Same(FakeTreeEntry? one, FakeTreeEntry? other) =>
        one is null ? other is null : other is not null && one.Sha == other.Sha && one.IsSymbolicLink == other.IsSymbolicLink;

    /// <summary>Closes the pull request as merged by <paramref name="mergeCommitSha"/>, a commit made by hand, which becomes the base branch's head.</summary>
    public void Merge(string mergeCommitSha)
    {
        lock (repository.State.Gate)
        {
            RequireOpen();
            repository.RequireCommit(mergeCommitSha);
            commitsAtMerge = CommitsUnlocked(BaseSha);
            MergeCommitSha = mergeCommitSha;
            repository.MoveBranch(BaseRef, mergeCommitSha);
            Touch();
            Record("merged", Author);
            Close();
        }
    }

    /// <summary>Closes the pull request as its author (a no-op when it is closed): a <c>closed</c> event.</summary>
    public void Close() => Close(Author);

    /// <summary>Closes the pull request as <paramref name="actor"/> (a no-op when it is closed): a <c>closed</c> event.</summary>
    public void Close(string actor)
    {
        lock (repository.State.Gate)
        {
            if (!IsOpen) return;
            Touch();
            ClosedAt = UpdatedAt;
            Record("closed", actor);
        }
    }

    /// <summary>Reopens a pull request closed without merging, as GitHub allows (a merged one stays closed).</summary>
    public void Reopen() => Reopen(Author);

    /// <summary>Reopens the pull request as <paramref name="actor"/>: a <c>reopened</c> event.</summary>
    public void Reopen(string actor)
    {
        lock (repository.State.Gate)
        {
            if (IsOpen || IsMerged) throw new InvalidOperationException($"Pull request #{Number} is open or merged; only a closed, unmerged one reopens.");
            ClosedAt = null;
            Touch();
            Record("reopened", actor);
        }
    }

    private void Record(string name, string actor) =>
        events.Add(new FakeIssueEvent(repository.State.NextId(), name, actor, UpdatedAt, name == "merged" ? MergeCommitSha : null));

    internal IReadOnlyList<FakeReview> ReviewsUnlocked => reviews;

    /// <summary>The labels on the pull request (GitHub keeps them on its issue), in the order they were added.</summary>
    public IReadOnlyList<string> Labels
    {
        get { lock (repository.State.Gate) return [.. labels]; }
    }

    internal List<string> LabelsUnlocked => labels;

    /// <summary>What happened to the pull request as GitHub's issue events tell it: closed, reopened, merged, by whom and when.</summary>
    public IReadOnlyList<FakeIssueEvent> Events
    {
        get { lock (repository.State.Gate) return [.. events]; }
    }

    internal IReadOnlyList<FakeIssueEvent> EventsUnlocked => events;

    private void RequireOpen()
    {
        if (!IsOpen) throw new InvalidOperationException($"Pull request #{Number} is closed.");
    }

    private void Touch() => UpdatedAt = repository.State.Time.GetUtcNow();
}
