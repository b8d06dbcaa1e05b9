using System.Threading.Channels;
using GitJit.Gateway.Sessions;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Gateway;

/// <summary>
/// The gateway's statement log: every call only queues (a bounded channel, never waited on), and one background
/// writer stores what is queued in batches, in order. When the queue is full, events are dropped and counted rather
/// than slowing a session; the count is logged. What is queued at shutdown is written if it can be within a few seconds.
/// About once an hour, after a write, what is older than <see cref="GatewayOptions.LogRetention"/> is deleted.
/// </summary>
public sealed partial class SessionLog : BackgroundService, ISessionEvents
{
    public const int DefaultCapacity = 10_000;

    private const int BatchSize = 500;
    private static readonly TimeSpan DrainAtShutdown = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private readonly ISessionLogStore store;
    private readonly ILogger<SessionLog> logger;
    private readonly TimeProvider time;
    private readonly TimeSpan retention;
    private DateTimeOffset prunedAt = DateTimeOffset.MinValue;
    private readonly Channel<SessionLogEntry> queue;
    private long dropped;
    private long reported;
    private long stored;
    private long writing;

    public SessionLog(ISessionLogStore store, ILogger<SessionLog> logger, TimeProvider time, IOptions<GatewayOptions> options)
        : this(store, logger, DefaultCapacity, time, options?.Value.LogRetention ?? TimeSpan.FromDays(30))
    {
    }

    internal SessionLog(ISessionLogStore store, ILogger<SessionLog> logger, int capacity, TimeProvider? time = null, TimeSpan? retention = null)
    {
        this.store = store;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
        this.retention = retention ?? TimeSpan.FromDays(30);
        queue = Channel.CreateBounded<SessionLogEntry>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Events dropped since start (a full queue, a failed write, or left at shutdown).</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Events stored since start.</summary>
    public long Stored => Interlocked.Read(ref stored);

    public void Started(GatewaySession session) => Queue(new SessionLogEntry(session));

    public void Statement(GatewaySession session, StatementEvent statement) => Queue(new SessionLogEntry(session, statement));

    public void Ended(GatewaySession session, DateTimeOffset at, string reason) => Queue(new SessionLogEntry(session, EndedAt: at, EndReason: reason));

    /// <summary>Waits until everything queued so far is stored (or dropped); for tests and shutdown.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (queue.Reader.Count > 0 || Interlocked.Read(ref writing) > 0) await Task.Delay(10, cancellationToken).ConfigureAwait(false);
    }

    private void Queue(SessionLogEntry entry)
    {
        if (!queue.Writer.TryWrite(entry)) Interlocked.Increment(ref dropped);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<SessionLogEntry>(BatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await WriteBatchAsync(batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            using var drain = new CancellationTokenSource(DrainAtShutdown);
            try
            {
                while (queue.Reader.Count > 0 && !drain.IsCancellationRequested) await WriteBatchAsync(batch, drain.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // What is left is lost with the process; counted below.
            }
            Interlocked.Add(ref dropped, queue.Reader.Count);
            ReportDrops();
        }
    }

    private async Task WriteBatchAsync(List<SessionLogEntry> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref writing);
        try
        {
            batch.Clear();
            while (batch.Count < BatchSize && queue.Reader.TryRead(out var entry)) batch.Add(entry);
            if (batch.Count == 0) return;
            try
            {
                await store.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref stored, batch.Count);
                await PruneIfDueAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Any storage failure: the batch is lost and counted, the log goes on; sessions never wait for it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.Add(ref dropped, batch.Count);
                LogWriteFailed(logger, e, batch.Count);
            }
            ReportDrops();
        }
        finally
        {
            Interlocked.Decrement(ref writing);
        }
    }

    private async Task PruneIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - prunedAt < PruneEvery) return;
        prunedAt = now;
        try
        {
            await store.PruneAsync(now - retention, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Pruning fails quietly but logged: it is tried again in an hour, and the log goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPruneFailed(logger, e);
        }
    }

    private void ReportDrops()
    {
        var total = Interlocked.Read(ref dropped);
        if (total > reported)
        {
            LogDropped(logger, total - reported);
            reported = total;
        }
    }

    [LoggerMessage(EventId = 1071, Level = LogLevel.Warning, Message = "The gateway's statement log dropped {Count} event(s): its queue was full or its storage failed")]
    private static partial void LogDropped(ILogger logger, long count);

    [LoggerMessage(EventId = 1076, Level = LogLevel.Warning, Message = "Could not delete the statement log's old entries; tried again in an hour")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1072, Level = LogLevel.Error, Message = "Could not store {Count} event(s) of the gateway's statement log")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
