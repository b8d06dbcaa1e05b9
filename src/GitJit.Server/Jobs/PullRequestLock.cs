namespace GitJit.Server.Jobs;

/// <summary>
/// The one lock per pull request (a <see cref="JobLocks"/> lock, so every instance sees it and it dies with its
/// holder). Whatever changes a pull request's comments, grant or records takes it — its evaluation, its merge
/// decision, a revocation, a reveal of credentials, the reconciler — so none of them runs while another does. Its name
/// ignores how the repository is spelled (GitHub names are case-insensitive).
/// </summary>
public static class PullRequestLock
{
    /// <summary>How long a job waits for the lock; then it fails, and is retried.</summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Takes the lock, waiting at most <paramref name="wait"/>; throws <see cref="JobLockTimeoutException"/> when another holds it longer.</summary>
    public static Task<IAsyncDisposable> AcquireAsync(this JobLocks locks, string owner, string repository, int number, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(locks);
        return locks.AcquireAsync(Name(owner, repository, number), wait, cancellationToken);
    }

    /// <summary>Takes the lock, waiting at most <paramref name="wait"/>; null when another holds it longer.</summary>
    public static Task<IAsyncDisposable?> TryAcquireAsync(this JobLocks locks, string owner, string repository, int number, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(locks);
        return locks.TryAcquireAsync(Name(owner, repository, number), wait, cancellationToken);
    }

    internal static string Name(string owner, string repository, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"gitjit:pull-request:{owner}/{repository}#{number}").ToLowerInvariant();
}
