using Hangfire;
using Hangfire.Storage;

namespace GitJit.Server.Jobs;

/// <summary>
/// The one lock per pull request, held in Hangfire's storage so that every instance sees it. Whatever changes a pull
/// request's comments, grant or records takes it — its evaluation, its merge decision, a revocation, a reveal of
/// credentials, the reconciler — so none of them runs while another does. Its name ignores how the repository is
/// spelled (GitHub names are case-insensitive). Disposing releases it.
/// </summary>
public sealed class PullRequestLock : IDisposable
{
    /// <summary>How long a job waits for the lock; then it fails, and is retried.</summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    private readonly IStorageConnection connection;
    private readonly IDisposable held;

    private PullRequestLock(IStorageConnection connection, IDisposable held)
    {
        this.connection = connection;
        this.held = held;
    }

    /// <summary>Takes the lock, waiting at most <paramref name="timeout"/>; throws the storage's timeout exception when another holds it longer.</summary>
    public static PullRequestLock Acquire(JobStorage storage, string owner, string repository, int number, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var connection = storage.GetConnection();
        try
        {
            return new PullRequestLock(connection, connection.AcquireDistributedLock(Name(owner, repository, number), timeout));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Takes the lock, waiting at most <paramref name="timeout"/>; null when another holds it longer.</summary>
    public static PullRequestLock? TryAcquire(JobStorage storage, string owner, string repository, int number, TimeSpan timeout)
    {
        try
        {
            return Acquire(storage, owner, repository, number, timeout);
        }
        catch (Exception e) when (e is DistributedLockTimeoutException or Hangfire.PostgreSql.PostgreSqlDistributedLockException)
        {
            return null;
        }
    }

    internal static string Name(string owner, string repository, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"gitjit:pull-request:{owner}/{repository}#{number}").ToLowerInvariant();

    public void Dispose()
    {
        held.Dispose();
        connection.Dispose();
    }
}
