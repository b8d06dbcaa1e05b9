using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GitJit.Server.Jobs;

/// <summary>
/// Named locks that every instance honours and that die with their holder: a job killed while it holds one never keeps
/// the next job, or the reconciler, waiting. With PostgreSQL storage a lock is a transaction-scoped advisory lock on a
/// connection of its own (<see cref="PostgresJobLocks"/>); in memory, where everything ends with the one process, a
/// lock of that process (<see cref="ProcessJobLocks"/>).
/// </summary>
public abstract class JobLocks
{
    /// <summary>Takes the lock <paramref name="name"/>, waiting at most <paramref name="wait"/> (zero: not at all); null when another holds it. Disposing releases it.</summary>
    public abstract Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Takes the lock <paramref name="name"/>, waiting at most <paramref name="wait"/>; throws <see cref="JobLockTimeoutException"/> when another holds it longer.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan wait, CancellationToken cancellationToken) =>
        await TryAcquireAsync(name, wait, cancellationToken).ConfigureAwait(false) ?? throw new JobLockTimeoutException(name, wait);
}

/// <summary>Another holder kept a lock longer than the caller would wait; a job that meets it fails and is retried.</summary>
public sealed class JobLockTimeoutException(string name, TimeSpan wait)
    : TimeoutException(string.Create(CultureInfo.InvariantCulture, $"the lock {name} was held by another job for longer than {wait.TotalSeconds:0.#} s"));

/// <summary>
/// Locks shared by every instance on one PostgreSQL database. Each is <c>pg_advisory_xact_lock</c> inside a transaction
/// of its own connection, so PostgreSQL releases it when the holder disposes it, and also the moment the holder's
/// connection ends: a killed process's socket is closed by its kernel at once; a vanished host's is found by TCP
/// keepalives within about 25 seconds (set for the lock's transaction only). Its key is 64 bits of the name's SHA-256.
/// </summary>
public sealed class PostgresJobLocks(NpgsqlDataSource dataSource) : JobLocks
{
    public override async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    // Only while the lock is held: waiting no longer than asked, never ended for idling in its
                    // transaction (a server's idle_in_transaction_session_timeout would free the lock under a running
                    // job), and its holder's host watched.
                    new NpgsqlBatchCommand("""
                        select set_config('lock_timeout', $1, true), set_config('idle_in_transaction_session_timeout', '0', true),
                               set_config('tcp_keepalives_idle', '10', true), set_config('tcp_keepalives_interval', '5', true),
                               set_config('tcp_keepalives_count', '3', true)
                        """) { Parameters = { new NpgsqlParameter { Value = LockTimeout(wait) } } },
                    new NpgsqlBatchCommand(wait > TimeSpan.Zero ? "select pg_advisory_xact_lock($1), true" : "select 0, pg_try_advisory_xact_lock($1)")
                    {
                        Parameters = { new NpgsqlParameter { Value = Key(name) } },
                    },
                },
            };
            bool taken;
            try
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                taken = reader.GetBoolean(1);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                taken = false;
            }
            if (taken) return new Held(connection, transaction);
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The advisory lock key of <paramref name="name"/>: the first 64 bits of its SHA-256.</summary>
    internal static long Key(string name) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    /// <summary><c>lock_timeout</c> for a wait: whole milliseconds, at least one (zero would mean for ever).</summary>
    private static string LockTimeout(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection broke: PostgreSQL ended its transaction, and the lock with it.
            }
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Locks of this process alone, for in-memory storage (one instance, whose jobs all end with it).</summary>
public sealed class ProcessJobLocks : JobLocks
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public override async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Entry entry;
        lock (entries)
        {
            if (!entries.TryGetValue(name, out entry!)) entries.Add(name, entry = new Entry());
            entry.Users++;
        }
        var taken = false;
        try
        {
            taken = await entry.Gate.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            return taken ? new Held(this, name, entry) : null;
        }
        finally
        {
            if (!taken) Leave(name, entry);
        }
    }

    private void Leave(string name, Entry entry)
    {
        lock (entries)
        {
            if (--entry.Users == 0)
            {
                entries.Remove(name);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Held(ProcessJobLocks locks, string name, Entry entry) : IAsyncDisposable
    {
        private int released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                entry.Gate.Release();
                locks.Leave(name, entry);
            }
            return ValueTask.CompletedTask;
        }
    }
}
