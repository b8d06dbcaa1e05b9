using GitJit.Core.Audit;
using GitJit.Server.Grants;
using GitJit.Testing;
using Npgsql;

namespace GitJit.Server.Tests.Grants;

/// <summary>
/// The outbox keeps what it is given across a restart (a new process: a new instance over the same file or
/// database), hands it back oldest first, by branch and pull request, and forgets only what it is told git has.
/// </summary>
public sealed class AuditOutboxTests
{
    private static readonly AuditLocation Main = new(7, "acme/access", "/remotes/access.git", "main");
    private static readonly AuditLocation Other = new(7, "acme/other", "/remotes/other.git", "main");
    private static readonly DateTimeOffset At = new(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task InAFile_WhatWasKeptOutlivesTheProcess_InOrder()
    {
        using var folder = new TemporaryDirectory();
        var file = Path.Combine(folder.Path, "audit-outbox.json");
        await KeepsInOrderAsync(() => new AuditOutbox(file: file));
    }

    [Fact]
    public async Task InPostgreSql_WhatWasKeptOutlivesTheProcess_InOrder()
    {
        var storage = await TestPostgres.CreateDatabaseAsync();
        var sources = new List<NpgsqlDataSource>();
        try
        {
            await KeepsInOrderAsync(() =>
            {
                var source = NpgsqlDataSource.Create(storage);
                sources.Add(source);
                return new AuditOutbox(source);
            });
        }
        finally
        {
            foreach (var source in sources) await source.DisposeAsync();
        }
    }

    private static async Task KeepsInOrderAsync(Func<AuditOutbox> open)
    {
        var outbox = open();
        var granted = await outbox.AddAsync(Main, Record(AuditEvent.Granted, 3), CancellationToken.None);
        var elsewhere = await outbox.AddAsync(Other, Record(AuditEvent.Granted, 1), CancellationToken.None);
        var refused = await outbox.AddAsync(Main, Record(AuditEvent.Refused, 4), CancellationToken.None);
        var revoked = await outbox.AddAsync(Main, Record(AuditEvent.Revoked, 3), CancellationToken.None);
        Assert.True(granted < refused && refused < revoked);

        var reopened = open();
        var waiting = await reopened.PendingAsync(Main.CloneUrl, Main.Branch, null, CancellationToken.None);
        Assert.Equal([granted, refused, revoked], waiting.Select(w => w.Id));
        Assert.Equal([AuditEvent.Granted, AuditEvent.Refused, AuditEvent.Revoked], waiting.Select(w => w.Record.Event));
        Assert.Equal(Main, waiting[0].Location);
        Assert.Equal(Record(AuditEvent.Granted, 3), waiting[0].Record);
        Assert.Equal([granted, revoked], (await reopened.PendingAsync(Main.CloneUrl, Main.Branch, 3, CancellationToken.None)).Select(w => w.Id));
        Assert.Empty(await reopened.PendingAsync(Main.CloneUrl, "audit", null, CancellationToken.None));

        var backlog = (await reopened.BacklogAsync(CancellationToken.None)).OrderBy(b => b.Location.Repository, StringComparer.Ordinal).ToList();
        Assert.Equal([("acme/access", 3), ("acme/other", 1)], backlog.Select(b => (b.Location.Repository, b.Count)));

        await reopened.RemoveAsync([granted, elsewhere], CancellationToken.None);
        var left = open();
        Assert.Equal([refused, revoked], (await left.PendingAsync(Main.CloneUrl, Main.Branch, null, CancellationToken.None)).Select(w => w.Id));
        Assert.Empty(await left.PendingAsync(Other.CloneUrl, Other.Branch, null, CancellationToken.None));
        // Ids keep growing after a restart: what is kept later still goes out later.
        Assert.True(await left.AddAsync(Main, Record(AuditEvent.CredentialsIssued, 5), CancellationToken.None) > revoked);
    }

    private static AuditRecord Record(AuditEvent auditEvent, int pullRequest) => new()
    {
        Event = auditEvent,
        Request = $"acme/access#{pullRequest}",
        PullRequest = pullRequest,
        At = At,
        Sequence = auditEvent == AuditEvent.CredentialsIssued ? 1 : null,
    };
}
