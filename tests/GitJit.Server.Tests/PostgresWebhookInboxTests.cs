using System.Collections.Concurrent;
using GitJit.Server.Intake;
using GitJit.Server.Jobs;
using GitJit.Testing;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GitJit.Server.Tests;

public sealed class PostgresWebhookInboxTests
{
    private static readonly WebhookWork Work = new(WebhookWorkKind.Evaluate, 7, "acme", "access", 12);

    [Fact]
    public async Task ADelivery_IsAcceptedOnce_AcrossInstancesRacing()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);
        var jobs = new RecordingJobs();
        using var a = Inbox(first, jobs);
        using var b = Inbox(second, jobs);
        var inboxes = new[] { a, b };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => inboxes[i % 2].AcceptAsync(Delivery("delivery-1"), Work, CancellationToken.None)));

        Assert.Single(attempts, accepted => accepted);
        Assert.True(await a.AcceptAsync(Delivery("delivery-2"), Work, CancellationToken.None));
    }

    [Fact]
    public async Task ABody_IsAcceptedOnce_UnderWhateverDeliveryIds_AcrossInstancesRacing()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);
        var jobs = new RecordingJobs();
        using var a = Inbox(first, jobs);
        using var b = Inbox(second, jobs);
        var inboxes = new[] { a, b };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            inboxes[i % 2].AcceptAsync(Delivery("replay-" + i, "{\"recorded\":true}"), Work, CancellationToken.None)));

        Assert.Single(attempts, accepted => accepted);
        Assert.True(await a.AcceptAsync(Delivery("replay-40", "{\"recorded\":false}"), Work, CancellationToken.None));
    }

    [Fact]
    public async Task ATableFromBeforeBodyHashes_IsUpgraded_KeepingItsDeliveryIds()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using (var old = database.CreateCommand(
            $"""
            create table {PostgresWebhookInbox.Table} (
                delivery_id text primary key,
                work jsonb not null,
                received_at timestamptz not null default now(),
                claimed_at timestamptz not null default now(),
                queued_at timestamptz);
            create index {PostgresWebhookInbox.Table}_unqueued on {PostgresWebhookInbox.Table} (received_at) where queued_at is null;
            insert into {PostgresWebhookInbox.Table} (delivery_id, work, queued_at) values ('old-1', 'null', now()), ('old-2', 'null', now());
            """))
        {
            await old.ExecuteNonQueryAsync();
        }

        using var inbox = Inbox(database, new RecordingJobs());

        Assert.False(await inbox.AcceptAsync(Delivery("old-1"), Work, CancellationToken.None));
        Assert.True(await inbox.AcceptAsync(Delivery("new-1", "{}"), Work, CancellationToken.None));
        Assert.False(await inbox.AcceptAsync(Delivery("new-2", "{}"), Work, CancellationToken.None));
        Assert.True(await inbox.AcceptAsync(Delivery("new-3"), Work, CancellationToken.None));
    }

    [Fact]
    public async Task AcceptedWork_IsQueuedInTheBackground_AndMarkedQueued()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        var jobs = new RecordingJobs();
        using var inbox = Inbox(database, jobs);
        await inbox.StartAsync(CancellationToken.None);

        Assert.True(await inbox.AcceptAsync(Delivery("delivery-1"), Work with { Kind = WebhookWorkKind.Merge, PullRequest = 5 }, CancellationToken.None));
        await UntilAsync(() => inbox.Pending == 0 && jobs.Created.Count == 1);
        await inbox.StopAsync(CancellationToken.None);

        var job = Assert.Single(jobs.Created);
        Assert.Equal(typeof(MergeJob), job.Type);
        Assert.Equal(5, job.Args[3]);
        Assert.Equal(0L, await UnqueuedAsync(database));
    }

    [Fact]
    public async Task WorkAcceptedByAnInstanceThatDied_IsQueuedByAnotherAfterTheLease()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        var deadJobs = new RecordingJobs();
        using (var dead = Inbox(database, deadJobs))
        {
            // Accepted, answered, and the process is gone before its dispatcher ran (never started here).
            Assert.True(await dead.AcceptAsync(Delivery("delivery-1"), Work with { Kind = WebhookWorkKind.Command, Command = PullRequestCommand.Plan, Author = "alice" }, CancellationToken.None));
        }
        await using (var age = database.CreateCommand($"update {PostgresWebhookInbox.Table} set claimed_at = claimed_at - interval '2 minutes'"))
        {
            await age.ExecuteNonQueryAsync();
        }

        var jobs = new RecordingJobs();
        using var survivor = Inbox(database, jobs);
        await survivor.StartAsync(CancellationToken.None);
        await UntilAsync(() => jobs.Created.Count == 1 && survivor.Pending == 0);
        await survivor.StopAsync(CancellationToken.None);

        Assert.Empty(deadJobs.Created);
        var job = Assert.Single(jobs.Created);
        Assert.Equal(typeof(CommentCommandJob), job.Type);
        Assert.Equal(PullRequestCommand.Plan, job.Args[4]);
        Assert.Equal("alice", job.Args[5]);
        Assert.Equal(0L, await UnqueuedAsync(database));
        Assert.False(await survivor.AcceptAsync(Delivery("delivery-1"), Work, CancellationToken.None));
    }

    [Fact]
    public async Task WorkWithinItsLease_IsLeftToTheInstanceThatAcceptedIt()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        using (var busy = Inbox(database, new RecordingJobs()))
        {
            Assert.True(await busy.AcceptAsync(Delivery("delivery-1"), Work, CancellationToken.None));
        }

        var jobs = new RecordingJobs();
        using var other = Inbox(database, jobs);
        await other.StartAsync(CancellationToken.None);
        await Task.Delay(500);
        await other.StopAsync(CancellationToken.None);

        Assert.Empty(jobs.Created);
        Assert.Equal(1L, await UnqueuedAsync(database));
    }

    [Fact]
    public async Task AcceptedDeliveries_AreRememberedAcrossARestart()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using (var before = NpgsqlDataSource.Create(connectionString))
        {
            using var inbox = Inbox(before, new RecordingJobs());
            Assert.True(await inbox.AcceptAsync(Delivery("delivery-1"), Work, CancellationToken.None));
        }

        await using var after = NpgsqlDataSource.Create(connectionString);
        using var restarted = Inbox(after, new RecordingJobs());

        Assert.False(await restarted.AcceptAsync(Delivery("delivery-1"), Work, CancellationToken.None));
    }

    /// <summary>A delivery whose body is its id's: distinct ids, distinct bodies.</summary>
    private static WebhookDelivery Delivery(string id, string? body = null) => WebhookDelivery.Of(id, System.Text.Encoding.UTF8.GetBytes(body ?? "{\"delivery\":\"" + id + "\"}"));

    private static PostgresWebhookInbox Inbox(NpgsqlDataSource database, IBackgroundJobClient jobs) =>
        new(database, jobs, NullLogger<PostgresWebhookInbox>.Instance, TimeSpan.FromMilliseconds(100));

    private static async Task<long> UnqueuedAsync(NpgsqlDataSource database)
    {
        await using var count = database.CreateCommand($"select count(*) from {PostgresWebhookInbox.Table} where queued_at is null");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>Hangfire's client port, recording the jobs it is asked to create.</summary>
    private sealed class RecordingJobs : IBackgroundJobClient
    {
        public ConcurrentQueue<Job> Created { get; } = new();

        public string Create(Job job, IState state)
        {
            Created.Enqueue(job);
            return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
