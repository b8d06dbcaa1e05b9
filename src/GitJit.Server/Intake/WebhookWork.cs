using System.Text.Json.Serialization;
using GitJit.Server.Jobs;
using Hangfire;

namespace GitJit.Server.Intake;

/// <summary>
/// What a delivery asks GitJit to do, as a Hangfire job: ids only; the job re-reads everything from GitHub. A command
/// carries who wrote it (login, and GitHub user id when the payload has it) and the id of the comment it was written
/// in, which marks the reply so that a retried job answers once.
/// </summary>
public sealed record WebhookWork(
    WebhookWorkKind Kind,
    long Installation,
    string Owner,
    string Repository,
    int PullRequest,
    PullRequestCommand? Command = null,
    string? Author = null,
    long? AuthorId = null,
    long? CommentId = null)
{
    /// <summary>What followed a command's word (<c>1h</c> in <c>/gitjit extend 1h</c>), when anything did; bounded, and hostile.</summary>
    public string? Argument { get; init; }

    public string FullName => $"{Owner}/{Repository}";

    /// <summary>Queues the job this work stands for.</summary>
    public string Enqueue(IBackgroundJobClient jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var (installation, owner, repository, number) = (Installation, Owner, Repository, PullRequest);
        return Kind switch
        {
            WebhookWorkKind.Evaluate => jobs.Enqueue<PullRequestJob>(job => job.EvaluateAsync(installation, owner, repository, number, CancellationToken.None)),
            WebhookWorkKind.Merge => jobs.Enqueue<MergeJob>(job => job.DecideAsync(installation, owner, repository, number, CancellationToken.None)),
            WebhookWorkKind.Command => EnqueueCommand(jobs, Command ?? PullRequestCommand.Unknown, Author ?? "", AuthorId ?? 0),
            _ => throw new InvalidOperationException($"unknown work kind {Kind}"),
        };
    }

    private string EnqueueCommand(IBackgroundJobClient jobs, PullRequestCommand command, string author, long authorId)
    {
        var (installation, owner, repository, number) = (Installation, Owner, Repository, PullRequest);
        if (CommentId is not { } comment)
        {
            return jobs.Enqueue<CommentCommandJob>(job => job.AnswerAsync(installation, owner, repository, number, command, author, authorId, CancellationToken.None));
        }
        if (Argument is not { } argument)
        {
            return jobs.Enqueue<CommentCommandJob>(job => job.AnswerAsync(installation, owner, repository, number, command, author, authorId, comment, CancellationToken.None));
        }
        return jobs.Enqueue<CommentCommandJob>(job => job.AnswerAsync(installation, owner, repository, number, command, argument, author, authorId, comment, CancellationToken.None));
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<WebhookWorkKind>))]
public enum WebhookWorkKind
{
    /// <summary>Evaluate an open pull request: check run and plan comment.</summary>
    Evaluate,

    /// <summary>Decide a merged pull request: grant or refuse.</summary>
    Merge,

    /// <summary>Answer a <c>/gitjit</c> command.</summary>
    Command,
}
