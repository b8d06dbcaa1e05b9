using System.Globalization;
using System.Text;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// What people do on GitHub's web pages, done to the stand-in's state exactly as GitHub does it, each followed by the
/// webhook GitHub sends for it to every App installed on the repository's owner that has a webhook URL
/// (<see cref="FakeAppWebhooks.DeliverTo"/>). Deliveries go out in order, off the caller's thread.
/// </summary>
/// <remarks>Refusals GitHub makes are refused here too: <see cref="InvalidOperationException"/> for a state that does not allow it
/// (closed, conflicting, approving one's own pull request), <see cref="ArgumentException"/> for a bad value.</remarks>
public sealed class PeopleActions
{
    private readonly FakeGitHubState state;

    internal PeopleActions(FakeGitHubState state) => this.state = state;

    /// <summary>
    /// <paramref name="login"/> writes <paramref name="content"/> at <paramref name="path"/> on a new branch from the default
    /// branch's tip (a commit authored by them) and opens a pull request from it into the default branch: pull_request.opened.
    /// The new branch is <paramref name="branch"/>, by default "<c>login</c>-patch-<c>n</c>", as GitHub's web editor names it.
    /// </summary>
    public FakePullRequest OpenPullRequest(string login, FakeRepository repository, string path, string content, string title, string? body = null, string? branch = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        path = RequirePath(path);
        lock (state.Gate)
        {
            repository.ImportFromGitUnlocked();
            var tip = repository.BranchTip(repository.DefaultBranch) ?? throw new InvalidOperationException($"{repository.FullName} has no {repository.DefaultBranch} branch yet.");
            branch ??= NewBranchName(repository, login);
            if (repository.BranchTip(branch) is not null) throw new InvalidOperationException($"A branch named {branch} already exists in {repository.FullName}.");
            RepositoryWrites.CommitFile(repository, branch, tip, path, Encoding.UTF8.GetBytes(content), login, title);
            var pullRequest = repository.OpenPullRequestUnlocked(login, title, body, branch, repository.DefaultBranch, repository);
            state.Webhooks.Enqueue(repository, "pull_request", "opened", i => WebhookPayloads.PullRequest(pullRequest, "opened", login, i));
            return pullRequest;
        }
    }

    /// <summary>
    /// <paramref name="login"/> commits <paramref name="content"/> at <paramref name="path"/> on the pull request's branch
    /// (a new commit on its head): pull_request.synchronize, with before and after. Returns the new head.
    /// </summary>
    public string Push(string login, FakePullRequest pullRequest, string path, string content, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        path = RequirePath(path);
        lock (state.Gate)
        {
            if (!pullRequest.IsOpen) throw new InvalidOperationException($"Pull request #{pullRequest.Number} is closed.");
            var before = pullRequest.HeadSha;
            var after = RepositoryWrites.CommitFile(
                pullRequest.HeadRepository, pullRequest.HeadRef, before, path, Encoding.UTF8.GetBytes(content), login, message ?? $"Update {path}");
            pullRequest.Push(after);
            state.Webhooks.Enqueue(pullRequest.Repository, "pull_request", "synchronize", i => WebhookPayloads.PullRequest(pullRequest, "synchronize", login, i, before: before));
            return after;
        }
    }

    /// <summary><paramref name="login"/> submits a review of the pull request's head: pull_request_review.submitted.</summary>
    public FakeReview Review(string login, FakePullRequest pullRequest, FakeReviewVerdict verdict, string body = "")
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        body ??= "";
        if (verdict != FakeReviewVerdict.Approve && string.IsNullOrWhiteSpace(body))
        {
            throw new ArgumentException("A review that requests changes or comments needs a body, as on GitHub.", nameof(body));
        }
        lock (state.Gate)
        {
            if (!pullRequest.IsOpen) throw new InvalidOperationException($"Pull request #{pullRequest.Number} is closed.");
            if (verdict != FakeReviewVerdict.Comment && string.Equals(login, pullRequest.Author, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(verdict == FakeReviewVerdict.Approve
                    ? "Can not approve your own pull request"
                    : "Can not request changes on your own pull request");
            }
            var id = pullRequest.AddReview(login, verdict switch
            {
                FakeReviewVerdict.Approve => "APPROVED",
                FakeReviewVerdict.RequestChanges => "CHANGES_REQUESTED",
                _ => "COMMENTED",
            }, body: body);
            var review = pullRequest.ReviewsUnlocked.Single(r => r.Id == id);
            state.Webhooks.Enqueue(pullRequest.Repository, "pull_request_review", "submitted", i => WebhookPayloads.Review(pullRequest, review, i));
            return review;
        }
    }

    /// <summary><paramref name="login"/> comments on the pull request (e.g. <c>/gitjit revoke</c>): issue_comment.created.</summary>
    public FakeComment Comment(string login, FakePullRequest pullRequest, string body)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        lock (state.Gate)
        {
            var comment = pullRequest.Repository.Comment(pullRequest.Number, login, body);
            state.Webhooks.Enqueue(pullRequest.Repository, "issue_comment", "created", i => WebhookPayloads.IssueComment(pullRequest, comment, i));
            return comment;
        }
    }

    /// <summary>
    /// <paramref name="login"/> presses "Merge pull request": a merge commit on the base branch (its tip first, the head
    /// second), the pull request closed as merged: pull_request.closed with merged true and merge_commit_sha. Returns the merge commit.
    /// </summary>
    public string Merge(string login, FakePullRequest pullRequest)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        lock (state.Gate)
        {
            var merged = RepositoryWrites.Merge(pullRequest, login);
            state.Webhooks.Enqueue(pullRequest.Repository, "pull_request", "closed", i => WebhookPayloads.PullRequest(pullRequest, "closed", login, i, mergedBy: login));
            return merged;
        }
    }

    /// <summary><paramref name="login"/> closes the pull request without merging: pull_request.closed with merged false.</summary>
    public void Close(string login, FakePullRequest pullRequest)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        lock (state.Gate)
        {
            if (!pullRequest.IsOpen) throw new InvalidOperationException($"Pull request #{pullRequest.Number} is closed.");
            pullRequest.Close(login);
            state.Webhooks.Enqueue(pullRequest.Repository, "pull_request", "closed", i => WebhookPayloads.PullRequest(pullRequest, "closed", login, i));
        }
    }

    /// <summary><paramref name="login"/> reopens a pull request closed without merging: pull_request.reopened.</summary>
    public void Reopen(string login, FakePullRequest pullRequest)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        lock (state.Gate)
        {
            pullRequest.Reopen(login);
            state.Webhooks.Enqueue(pullRequest.Repository, "pull_request", "reopened", i => WebhookPayloads.PullRequest(pullRequest, "reopened", login, i));
        }
    }

    /// <summary>A repository path: '/'-separated names, none empty, "." or "..", no control characters.</summary>
    internal static string RequirePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var trimmed = path.Trim().Trim('/');
        var parts = trimmed.Split('/');
        if (parts.Any(p => p.Length == 0 || p is "." or ".." || p == ".git" || p.Any(char.IsControl) || p.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"\"{path}\" is not a file path in a repository (names separated by /, none empty, . or ..).", nameof(path));
        }
        return trimmed;
    }

    private static string NewBranchName(FakeRepository repository, string login)
    {
        for (var n = 1; ; n++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{login}-patch-{n}");
            if (repository.BranchTip(name) is null) return name;
        }
    }
}
