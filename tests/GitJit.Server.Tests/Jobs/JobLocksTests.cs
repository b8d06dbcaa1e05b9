using System.Diagnostics;
using GitJit.Server.Jobs;
using GitJit.Testing;
using Npgsql;

namespace GitJit.Server.Tests.Jobs;

/// <summary>
/// The locks every job takes die with their holder: a process killed while it holds one (as a merge or revocation job
/// can be) keeps nobody out, where Hangfire's lock table kept a dead holder's row for ten minutes.
/// </summary>
public sealed class JobLocksTests
{
    [Fact]
    public async Task PostgresLock_KeepsOthersOut_UntilReleased()
    {
        await using var source = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var locks = new PostgresJobLocks(source);

        var held = await locks.AcquireAsync("gitjit:pull-request:acme/access#1", TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Null(await locks.TryAcquireAsync("gitjit:pull-request:acme/access#1", TimeSpan.Zero, CancellationToken.None));
        Assert.Null(await locks.TryAcquireAsync("gitjit:pull-request:acme/access#1", TimeSpan.FromMilliseconds(300), CancellationToken.None));
        await Assert.ThrowsAsync<JobLockTimeoutException>(() => locks.AcquireAsync("gitjit:pull-request:acme/access#1", TimeSpan.FromMilliseconds(100), CancellationToken.None));
        // Another name is another lock.
        await using (await locks.AcquireAsync("gitjit:pull-request:acme/access#2", TimeSpan.Zero, CancellationToken.None))
        {
        }

        var waiting = locks.AcquireAsync("gitjit:pull-request:acme/access#1", TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await (await waiting).DisposeAsync();
        await using (await locks.AcquireAsync("gitjit:pull-request:acme/access#1", TimeSpan.Zero, CancellationToken.None))
        {
        }
    }

    [Fact]
    public async Task PostgresLock_HeldByAProcessThatIsKilled_IsFreeAtOnce()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(database);
        var locks = new PostgresJobLocks(source);
        const string name = "gitjit:pull-request:acme/access#7";
        await using var holder = await LockHolder.StartAsync(database, PostgresJobLocks.Key(name));
        Assert.Null(await locks.TryAcquireAsync(name, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        holder.Kill();

        // PostgreSQL sees the killed process's connection close and ends its transaction: no timeout to wait out.
        await using var taken = await locks.TryAcquireAsync(name, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task PostgresLock_OutlivesTheServersIdleInTransactionTimeout()
    {
        // A job holding the lock spends most of its time elsewhere (GitHub, git): its idle transaction must not be ended.
        var database = await TestPostgres.CreateDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(database);
        await using (var admin = NpgsqlDataSource.Create(database))
        await using (var command = admin.CreateCommand($"alter database \"{builder.Database}\" set idle_in_transaction_session_timeout = '300ms'"))
        {
            await command.ExecuteNonQueryAsync();
        }
        await using var source = NpgsqlDataSource.Create(database);
        var locks = new PostgresJobLocks(source);

        await using var held = await locks.AcquireAsync("gitjit:reconciler", TimeSpan.Zero, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Null(await locks.TryAcquireAsync("gitjit:reconciler", TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task PostgresLock_ReleasedWhileOthersWait_GoesToOneOfThem()
    {
        await using var source = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var locks = new PostgresJobLocks(source);
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var held = await locks.AcquireAsync("gitjit:pull-request:acme/access#3", TimeSpan.FromSeconds(30), CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref inside);
        }));
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task ProcessLock_KeepsOthersOut_TimesOut_AndSurvivesACancelledWait()
    {
        var locks = new ProcessJobLocks();
        var held = await locks.AcquireAsync("a", TimeSpan.Zero, CancellationToken.None);
        Assert.Null(await locks.TryAcquireAsync("a", TimeSpan.FromMilliseconds(50), CancellationToken.None));
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => locks.TryAcquireAsync("a", TimeSpan.FromSeconds(10), cancel.Token));
        }
        await using (await locks.AcquireAsync("b", TimeSpan.Zero, CancellationToken.None))
        {
        }
        await held.DisposeAsync();
        await held.DisposeAsync();
        await using (await locks.AcquireAsync("a", TimeSpan.Zero, CancellationToken.None))
        {
            Assert.Null(await locks.TryAcquireAsync("a", TimeSpan.Zero, CancellationToken.None));
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>psql holding an advisory lock in an open transaction, waiting for its next command as a job's lock connection does.</summary>
    internal sealed class LockHolder : IAsyncDisposable
    {
        private readonly Process process;

        private LockHolder(Process process) => this.process = process;

        public static async Task<LockHolder> StartAsync(string connectionString, long key)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var start = new ProcessStartInfo("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", builder.Host!, "-p", $"{builder.Port}", "-U", builder.Username!, "-d", builder.Database!])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["PGPASSWORD"] = builder.Password ?? "" },
            };
            var process = Process.Start(start)!;
            await process.StandardInput.WriteLineAsync($"begin; select pg_advisory_xact_lock({key});");
            await process.StandardInput.WriteLineAsync("\\echo held");
            await process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Trim() == "held") return new LockHolder(process);
            }
            throw new InvalidOperationException("psql ended before it held the lock: " + await process.StandardError.ReadToEndAsync());
        }

        /// <summary>SIGKILL: the process ends at once, its socket closed by the kernel, nothing said to the server.</summary>
        public void Kill()
        {
            process.Kill();
            process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
