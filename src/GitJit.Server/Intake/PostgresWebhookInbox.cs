using System.Text.Json;
using System.Threading.Channels;
using GitJit.Server.Hosting;
using Hangfire;
using Npgsql;
using NpgsqlTypes;

namespace GitJit.Server.Intake;

/// <summary>
/// The webhook inbox in PostgreSQL, shared by every instance on the database. Accepting a delivery is one insert —
/// the delivery id is the primary key and the body's SHA-256 is unique, so exactly one instance wins a delivery and a
/// body replayed under a new id is refused, and the row carries the work — and the endpoint answers right after. A background dispatcher then queues the Hangfire job and marks the row queued.
/// Rows that an instance accepted but never queued (it crashed, or Hangfire's storage failed) are claimed again by a
/// sweep on any instance once their lease runs out, so accepted work is never lost; jobs are idempotent, so the rare
/// second queueing after a crash between "queued" and "marked" is harmless.
/// </summary>
public sealed partial class PostgresWebhookInbox : BackgroundService, IWebhookInbox
{
    internal const string Table = "gitjit_webhook_inbox";

    /// <summary>How long an accepted row belongs to the instance that accepted (or claimed) it.</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>Delivery ids and body hashes are kept this long; GitHub redelivers (same id and body) for 3 days.</summary>
    internal static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private const int BatchSize = 256;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NpgsqlDataSource database;
    private readonly IBackgroundJobClient jobs;
    private readonly TimeSpan sweepEvery;
    private readonly ILogger<PostgresWebhookInbox> logger;
    private readonly Lazy<Task> created;
    private readonly Channel<Accepted> accepted = Channel.CreateUnbounded<Accepted>(new UnboundedChannelOptions { SingleReader = true });
    private int pending;

    public PostgresWebhookInbox(NpgsqlDataSource database, IBackgroundJobClient jobs, ILogger<PostgresWebhookInbox> logger)
        : this(database, jobs, logger, TimeSpan.FromSeconds(30))
    {
    }

    internal PostgresWebhookInbox(NpgsqlDataSource database, IBackgroundJobClient jobs, ILogger<PostgresWebhookInbox> logger, TimeSpan sweepEvery)
    {
        this.database = database;
        this.jobs = jobs;
        this.logger = logger;
        this.sweepEvery = sweepEvery;
        created = new(() => CreateTableAsync(database));
    }

    public int Pending => Volatile.Read(ref pending);

    public async Task<bool> AcceptAsync(WebhookDelivery delivery, WebhookWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await created.Value.ConfigureAwait(false);
        // No conflict target: a clash on either unique key, the id or the body, means "seen before".
        await using var insert = database.CreateCommand($"insert into {Table} (delivery_id, body_sha256, work) values ($1, $2, $3) on conflict do nothing");
        insert.Parameters.Add(new NpgsqlParameter { Value = delivery.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = Convert.FromHexString(delivery.BodySha256), NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(work, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1) return false;
        Interlocked.Increment(ref pending);
        accepted.Writer.TryWrite(new Accepted(delivery.Id, work));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await created.Value.ConfigureAwait(false);
        var sweeping = SweepAsync(stoppingToken);
        var batch = new List<Accepted>(BatchSize);
        try
        {
            while (await accepted.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (batch.Count < BatchSize && accepted.Reader.TryRead(out var item)) batch.Add(item);
                await DispatchAsync(batch, stoppingToken).ConfigureAwait(false);
                Interlocked.Add(ref pending, -batch.Count);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Rows still unqueued keep their lease; a sweep (here after restart, or on another instance) takes them.
        }
        await sweeping.ConfigureAwait(false);
    }

    /// <summary>Queues the batch's jobs and marks the rows queued; what fails stays unqueued for the sweep.</summary>
    private async Task DispatchAsync(List<Accepted> batch, CancellationToken cancellationToken)
    {
        var queued = new List<string>(batch.Count);
        foreach (var item in batch)
        {
            try
            {
                item.Work.Enqueue(jobs);
                queued.Add(item.DeliveryId);
            }
#pragma warning disable CA1031 // Any storage failure: the row stays unqueued and the sweep retries it after its lease.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogEnqueueFailed(logger, e, item.DeliveryId);
            }
        }
        if (queued.Count == 0) return;
        try
        {
            await using var mark = database.CreateCommand($"update {Table} set queued_at = now() where delivery_id = any($1)");
            mark.Parameters.Add(new NpgsqlParameter { Value = queued.ToArray() });
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            // The jobs are queued; the sweep will queue them once more, which idempotent jobs shrug off.
            LogMarkFailed(logger, e, queued.Count);
        }
    }

    /// <summary>At start and then periodically: claims rows whose lease ran out unqueued, and forgets old delivery ids.</summary>
    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(sweepEvery);
        do
        {
            try
            {
                await ClaimAbandonedAsync(stoppingToken).ConfigureAwait(false);
                await using var prune = database.CreateCommand($"delete from {Table} where queued_at < now() - $1");
                prune.Parameters.Add(new NpgsqlParameter { Value = Retention });
                await prune.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e)
            {
                LogSweepFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task ClaimAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var claim = database.CreateCommand(
            $"""
            update {Table} set claimed_at = now()
            where delivery_id in (
                select delivery_id from {Table}
                where queued_at is null and claimed_at < now() - $1
                order by received_at
                limit {BatchSize}
                for update skip locked)
            returning delivery_id, work
            """);
        claim.Parameters.Add(new NpgsqlParameter { Value = Lease });
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var work = JsonSerializer.Deserialize<WebhookWork>(reader.GetString(1), Json)!;
            Interlocked.Increment(ref pending);
            accepted.Writer.TryWrite(new Accepted(reader.GetString(0), work));
            LogClaimed(logger, reader.GetString(0));
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Creates the table, or brings one made by an earlier version up to date: rows from before the body hash have none
    /// (null, which a unique index lets repeat) and age out with the retention.
    /// </summary>
    private static Task CreateTableAsync(NpgsqlDataSource database) => PostgresTables.CreateAsync(database, Table,
        $"""
            create table if not exists {Table} (
                delivery_id text primary key,
                body_sha256 bytea,
                work jsonb not null,
                received_at timestamptz not null default now(),
                claimed_at timestamptz not null default now(),
                queued_at timestamptz);
            alter table {Table} add column if not exists body_sha256 bytea;
            create unique index if not exists {Table}_body on {Table} (body_sha256);
            create index if not exists {Table}_unqueued on {Table} (received_at) where queued_at is null;
            """);

    private sealed record Accepted(string DeliveryId, WebhookWork Work);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Could not queue the job for delivery {Delivery}; it stays in the inbox and is retried after its lease")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, string delivery);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Queued {Count} job(s) but could not mark them queued; the sweep may queue them once more")]
    private static partial void LogMarkFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "The webhook inbox sweep failed; it runs again shortly")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Claimed delivery {Delivery}, accepted but never queued (its instance stopped or failed)")]
    private static partial void LogClaimed(ILogger logger, string delivery);
}
