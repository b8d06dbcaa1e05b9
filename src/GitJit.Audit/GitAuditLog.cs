using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using GitJit.Core.Audit;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitJit.Audit;

/// <summary>
/// The audit trail in git. Each record is one file at <see cref="AuditPaths.For(AuditRecord)"/> added by one commit,
/// authored and committed by the bot, and pushed to the remote branch; a file once there is never rewritten, and a
/// push is never forced. When other writers move the branch first, the commits are rebuilt on the new tip and pushed again, with
/// exponential back-off and jitter, up to <see cref="GitAuditLogOptions.MaxAttempts"/> times. Calls for one remote are
/// serialized within the process; separate processes race only through those retries.
/// </summary>
public sealed class GitAuditLog
{
    /// <summary>One gate per mirror folder, shared by every log in the process, so a mirror has one user at a time.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly string workingFolder;
    private readonly string authorName;
    private readonly string authorEmail;
    private readonly int maxAttempts;
    private readonly TimeSpan firstRetryDelay;
    private readonly TimeSpan maxRetryDelay;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    /// <param name="options">How to commit and push; validated here.</param>
    /// <param name="timeProvider">The clock of commit times and back-off.</param>
    /// <param name="logger">Where retried pushes are told (event 2100); none when null.</param>
    public GitAuditLog(GitAuditLogOptions options, TimeProvider timeProvider, ILogger<GitAuditLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        workingFolder = Path.GetFullPath(options.WorkingFolder);
        authorName = options.AuthorName;
        authorEmail = options.AuthorEmail;
        maxAttempts = options.MaxAttempts;
        firstRetryDelay = options.FirstRetryDelay;
        maxRetryDelay = options.MaxRetryDelay;
        this.timeProvider = timeProvider;
        this.logger = logger ?? NullLogger<GitAuditLog>.Instance;
    }

    /// <summary>
    /// Appends the records in order, each as its own commit, in one push. A record whose path already holds a file
    /// at the tip is <see cref="AuditAppendStatus.AlreadyPresent"/> and writes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A record has no pull request number or an invalid request id, or no path (<see cref="AuditPaths.For(AuditRecord)"/>:
    /// a credentials-issued record without a sequence of 1 or more), or the branch name is invalid. Nothing is written.
    /// </exception>
    /// <exception cref="AuditLogException">The remote could not be reached, refused the push, or kept moving for every attempt.</exception>
    public async Task<IReadOnlyList<AuditAppend>> AppendAsync(AuditRemote remote, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        CheckRemote(remote);
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i] ?? throw new ArgumentException($"Record {i} is null.", nameof(records));
            if (!AuditJson.IsValidRequest(record.Request)) throw new ArgumentException($"Record {i} has an invalid request id.", nameof(records));
            if (record.PullRequest is not > 0) throw new ArgumentException($"Record {i} ({record.Request}) has no pull request number, which its path needs.", nameof(records));
            _ = AuditPaths.For(record);
        }
        if (records.Count == 0) return [];

        var localPath = LocalPath(remote.CloneUrl);
        return await WithMirrorAsync(remote, async mirror =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var chain = await Task.Run(() => mirror.Build(mirror.Fetch(), records, Bot()), cancellationToken).ConfigureAwait(false);
                if (chain.Head is null) return chain.Appends;

                string? rejection;
                using (localPath is null ? null : await LocalPushLock.AcquireAsync(localPath, timeProvider, cancellationToken).ConfigureAwait(false))
                {
                    rejection = await Task.Run(() => mirror.Push(chain.Head), cancellationToken).ConfigureAwait(false);
                }
                if (rejection is null) return chain.Appends;
                if (attempt >= maxAttempts)
                {
                    throw new AuditLogException($"Pushing {records.Count} audit record(s) to {remote} failed {attempt} times; last: {rejection}");
                }
                var delay = BackOff(attempt);
                AuditLogEvents.PushRetried(logger, records.Count, remote.DisplayUrl, remote.Branch, rejection, attempt, maxAttempts, delay);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches the branch and reads every record at its tip (what the reconciler takes as granted, refused and revoked).</summary>
    /// <exception cref="AuditLogException">The remote could not be reached.</exception>
    public async Task<AuditSnapshot> ReadAsync(AuditRemote remote, CancellationToken cancellationToken)
    {
        CheckRemote(remote);
        return await WithMirrorAsync(
            remote,
            mirror => Task.Run(() => mirror.Snapshot(mirror.Fetch()), cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches the branch and reads one pull request's records at its tip, however long the trail is.</summary>
    /// <exception cref="AuditLogException">The remote could not be reached.</exception>
    public async Task<AuditSnapshot> ReadAsync(AuditRemote remote, int pullRequest, CancellationToken cancellationToken)
    {
        CheckRemote(remote);
        return await WithMirrorAsync(
            remote,
            mirror => Task.Run(() => AuditTree.Read(mirror.Fetch(), pullRequest), cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The path of a repository on disk the URL names (a path or a file: URL), or null for a network remote.</summary>
    internal static string? LocalPath(string cloneUrl)
    {
        if (Uri.TryCreate(cloneUrl, UriKind.Absolute, out var uri)) return uri.IsFile ? uri.LocalPath : null;
        var colon = cloneUrl.IndexOf(':', StringComparison.Ordinal);
        var slash = cloneUrl.IndexOf('/', StringComparison.Ordinal);
        // host:path and user@host:path are ssh, as git reads them.
        return colon > 0 && (slash < 0 || colon < slash) ? null : Path.GetFullPath(cloneUrl);
    }

    private static void CheckRemote(AuditRemote remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (string.IsNullOrWhiteSpace(remote.CloneUrl)) throw new ArgumentException("The clone URL is empty.", nameof(remote));
        if (string.IsNullOrEmpty(remote.Branch) || !Reference.IsValidName("refs/heads/" + remote.Branch))
        {
            throw new ArgumentException($"{remote.Branch} is not a valid branch name.", nameof(remote));
        }
    }

    private async Task<T> WithMirrorAsync<T>(AuditRemote remote, Func<AuditMirror, Task<T>> action, CancellationToken cancellationToken)
    {
        var path = AuditMirror.PathFor(workingFolder, remote.CloneUrl);
        var gate = Gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var mirror = await Task.Run(() => AuditMirror.Open(path, remote, cancellationToken), cancellationToken).ConfigureAwait(false);
            return await action(mirror).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private Signature Bot() => new(authorName, authorEmail, timeProvider.GetUtcNow());

    /// <summary>Exponential back-off with jitter: between half and all of first × 2^(attempt-1), at most the maximum.</summary>
    private TimeSpan BackOff(int attempt)
    {
        var ceiling = Math.Min(maxRetryDelay.TotalMilliseconds, firstRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
