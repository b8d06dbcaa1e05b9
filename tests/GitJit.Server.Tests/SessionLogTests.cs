using System.Diagnostics;
using System.Net;
using GitJit.Core.Audit;
using GitJit.Gateway.Sessions;
using GitJit.Server.Gateway;
using GitJit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>
/// The gateway's statement log: telling it never makes a session wait, what does not fit is dropped and counted, and
/// what is stored is stored in order and read back per grant, in both storages.
/// </summary>
public sealed class SessionLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ABurst_AgainstAStalledStore_NeverBlocks_DropsAndCountsTheOverflow_AndStoresTheRestInOrder()
    {
        var store = new StalledStore();
        var logger = new RecordingLogger<SessionLog>();
        using var log = new SessionLog(store, logger, capacity: 100);
        await log.StartAsync(CancellationToken.None);
        var session = Session("acme/access#1");

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++) log.Statement(session, Statement(i));
        var burst = clock.Elapsed;
        store.Release();
        await log.FlushAsync(CancellationToken.None);
        await log.StopAsync(CancellationToken.None);

        Assert.True(burst < TimeSpan.FromSeconds(1), $"10,000 events took {burst} to queue");
        var stored = store.Written.Select(e => (int)e.Statement!.Rows!.Value).ToList();
        Assert.Equal(10_000, stored.Count + log.Dropped);
        Assert.InRange(log.Dropped, 1, 10_000 - 100);
        Assert.Equal(stored.Order(), stored);
        Assert.Equal(log.Dropped, logger.WithId(1071).Sum(e => Convert.ToInt64(e.Fields["Count"], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SessionsAndStatements_AreStoredInOrder_AndReadBackPerGrant(bool postgres)
    {
        await using var world = await FlowWorld.CreateAsync();
        var storage = postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        await using var server = await ServerUnderTest.StartAsync(world.Settings(storage));
        var events = server.Services.GetRequiredService<GitJit.Server.Gateway.SessionLog>();
        var session = Session("acme/access#3");
        var other = Session("acme/access#4");

        events.Started(session);
        events.Started(other);
        for (var i = 0; i < 2_000; i++) events.Statement(session, Statement(i));
        events.Statement(session, Statement(2_000) with { Text = "delete from public.orders", Kind = "delete", Outcome = StatementOutcome.Refused, SqlState = "42501", Guardrail = "requireWhere", Reason = "DELETE needs a WHERE clause" });
        events.Statement(session, Statement(2_001) with { Outcome = StatementOutcome.Failed, SqlState = "42P01" });
        events.Statement(other, Statement(0));
        events.Ended(session, Start.AddMinutes(5), "client ended the session");
        await server.Services.GetRequiredService<SessionLog>().FlushAsync(CancellationToken.None);

        var activity = await server.Services.GetRequiredService<ISessionLogStore>().ReadAsync("acme/access#3", 50, CancellationToken.None);

        var summary = Assert.Single(activity.Sessions);
        Assert.Equal((session.Id, "203.0.113.9:50123", "psql", Start, Start.AddMinutes(5), "client ended the session"),
            (summary.Id, summary.Client, summary.ApplicationName, summary.StartedAt, summary.EndedAt, summary.EndReason));
        Assert.Equal((2_002L, 1L, 1L), (summary.Statements, summary.Refused, summary.Failed));
        Assert.Equal(Enumerable.Range(1_952, 50).Select(i => (long)i), activity.Recent.Select(s => s.Statement.Rows!.Value));
        Assert.Equal(Statement(1_999), activity.Recent[^3].Statement);
        var refused = Assert.Single(activity.Refused).Statement;
        Assert.Equal(("delete from public.orders", "requireWhere", "DELETE needs a WHERE clause", "42501"), (refused.Text, refused.Guardrail, refused.Reason, refused.SqlState));
        Assert.Empty((await server.Services.GetRequiredService<ISessionLogStore>().ReadAsync("acme/access#5", 50, CancellationToken.None)).Sessions);

        // The list of active grants reads a tally; old entries go after the retention.
        var store = server.Services.GetRequiredService<ISessionLogStore>();
        var tally = await store.TallyAsync(["acme/access#3", "acme/access#4", "acme/access#5"], CancellationToken.None);
        Assert.Equal(new Dictionary<string, GatewayTally> { ["acme/access#3"] = new(2_002, 1), ["acme/access#4"] = new(1, 0) }, tally);
        if (postgres)
        {
            // By time: the statements before the cut, and the session that has none left.
            await store.PruneAsync(Start.AddSeconds(1), CancellationToken.None);
            Assert.Equal(new Dictionary<string, GatewayTally> { ["acme/access#3"] = new(1_002, 1) }, await store.TallyAsync(["acme/access#3", "acme/access#4"], CancellationToken.None));
            Assert.Empty((await store.ReadAsync("acme/access#4", 50, CancellationToken.None)).Sessions);
        }
        else
        {
            // By file: a grant's log last written before the cut.
            File.SetLastWriteTimeUtc(Path.Combine(world.DataDirectory, "gateway", "sessions", Uri.EscapeDataString("acme/access#4") + ".jsonl"), Start.UtcDateTime);
            await store.PruneAsync(TimeProvider.System.GetUtcNow().AddMinutes(-1), CancellationToken.None);
            Assert.Equal(["acme/access#3"], (await store.TallyAsync(["acme/access#3", "acme/access#4"], CancellationToken.None)).Keys);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheSessionReport_CountsEverything_ButStaysBounded_AndFitsInARecord(bool postgres)
    {
        await using var world = await FlowWorld.CreateAsync();
        var storage = postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        await using var server = await ServerUnderTest.StartAsync(world.Settings(storage));
        var events = server.Services.GetRequiredService<GitJit.Server.Gateway.SessionLog>();
        var log = server.Services.GetRequiredService<SessionLog>();
        var sessions = Enumerable.Range(0, 25).Select(i => Session("acme/access#6") with { StartedAt = Start.AddSeconds(i) }).ToList();
        var longText = "select " + string.Join(", ", Enumerable.Range(0, 200).Select(c => $"column_{c}")) + " from public.orders where id = $1";
        foreach (var session in sessions) events.Started(session);
        for (var i = 0; i < 20_000; i++)
        {
            var shape = i % 300;
            events.Statement(sessions[i % 25], Statement(i) with { Fingerprint = shape.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), Text = shape + longText, Kind = i % 2 == 0 ? "select" : "update" });
            // Within the queue's capacity: this test is about the report, not about a burst.
            if (i % 2_000 == 1_999) await log.FlushAsync(CancellationToken.None);
        }
        for (var i = 0; i < 100; i++)
        {
            events.Statement(sessions[0], Statement(20_000 + i) with { Text = "drop table public.orders", Fingerprint = "dddddddddddddddd", Kind = "drop", Outcome = StatementOutcome.Refused, Guardrail = "blockedStatements", Reason = "DROP is blocked" });
        }
        events.Ended(sessions[0], Start.AddHours(1), "grant revoked");

        var report = await server.Services.GetRequiredService<SessionReports>().ForAsync("acme/access#6", CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal(0, log.Dropped);
        Assert.Equal((20_100L, 100L), (report.Statements, report.Refused));
        Assert.Equal((SessionReport.MaxSessions, 5), (report.Sessions.Count, report.SessionsLeftOut));
        Assert.Equal((Start, Start.AddHours(1), "203.0.113.9:50123"), (report.Sessions[0].StartedAt, report.Sessions[0].EndedAt, report.Sessions[0].Client));
        Assert.Equal(new Dictionary<string, long> { ["select"] = 400, ["update"] = 400, ["drop"] = 100 }, report.Sessions[0].Kinds);
        Assert.Equal((SessionReport.MaxFingerprints, 301L - SessionReport.MaxFingerprints), (report.Fingerprints.Count, report.FingerprintsLeftOut));
        Assert.Equal(("dddddddddddddddd", 100L), (report.Fingerprints[0].Fingerprint, report.Fingerprints[0].Count));
        Assert.All(report.Fingerprints, f => Assert.True(f.Text!.Length <= SessionReport.MaxTextLength));
        Assert.Equal((SessionReport.MaxRefused, 60L), (report.RefusedAttempts.Count, report.RefusedLeftOut));
        Assert.Equal(("drop table public.orders", "blockedStatements"), (report.RefusedAttempts[0].Text, report.RefusedAttempts[0].Guardrail));

        var record = new AuditRecord { Event = AuditEvent.Revoked, Request = "acme/access#6", At = Start.AddHours(1), Sessions = report };
        var bytes = AuditJson.Write(record);
        Assert.True(bytes.Length < AuditJson.MaxBytes, $"{bytes.Length} bytes");
        Assert.True(AuditJson.TryRead(bytes, out var read, out var problem), problem);
        Assert.Equal(report.Fingerprints, read.Sessions!.Fingerprints);
    }

    [Fact]
    public async Task TheSessionReport_WaitsForAnotherInstance_ToLogTheEndOfItsSessions()
    {
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(world.Settings(await TestPostgres.CreateDatabaseAsync()));
        // Another instance's writer, on the same PostgreSQL: its session is open when the revocation asks for the report.
        var otherInstance = server.Services.GetRequiredService<ISessionLogStore>();
        var session = Session("acme/access#9");
        await otherInstance.WriteAsync([new SessionLogEntry(session)], CancellationToken.None);

        var reporting = server.Services.GetRequiredService<SessionReports>().ForAsync("acme/access#9", CancellationToken.None);
        await Task.Delay(500);
        Assert.False(reporting.IsCompleted);
        await otherInstance.WriteAsync([new SessionLogEntry(session, Statement(1)), new SessionLogEntry(session, Statement(2)),
            new SessionLogEntry(session, EndedAt: Start.AddMinutes(5), EndReason: "grant revoked")], CancellationToken.None);
        var report = await reporting;

        Assert.NotNull(report);
        Assert.Equal(2, report.Statements);
        Assert.Equal(Start.AddMinutes(5), Assert.Single(report.Sessions).EndedAt);
    }

    private static GatewaySession Session(string grantId) =>
        new(Guid.NewGuid(), grantId, "gitjit_alice_0123456789", new IPEndPoint(IPAddress.Parse("203.0.113.9"), 50123), "psql", Start, "gateway-1/4242");

    /// <summary>Statement <paramref name="i"/>: its number in <see cref="StatementEvent.Rows"/>, times to the microsecond as PostgreSQL keeps them.</summary>
    private static StatementEvent Statement(int i) =>
        new(Start.AddMilliseconds(i), "select * from public.orders where id = $1", "0123456789abcdef", "select", StatementOutcome.Ok, null, i, TimeSpan.FromMicroseconds(250 + i));

    /// <summary>A store that holds its first write until released, as a database that stopped answering would.</summary>
    private sealed class StalledStore : ISessionLogStore
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<SessionLogEntry> written = [];

        public IReadOnlyList<SessionLogEntry> Written
        {
            get
            {
                lock (written) return [.. written];
            }
        }

        public void Release() => released.TrySetResult();

        public async Task WriteAsync(IReadOnlyList<SessionLogEntry> entries, CancellationToken cancellationToken)
        {
            await released.Task.WaitAsync(cancellationToken);
            lock (written) written.AddRange(entries);
        }

        public Task<GatewayActivity> ReadAsync(string grantId, int lastStatements, CancellationToken cancellationToken) => Task.FromResult(GatewayActivity.None);

        public Task<SessionReport?> ReportAsync(string grantId, CancellationToken cancellationToken) => Task.FromResult<SessionReport?>(null);

        public Task PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyDictionary<string, GatewayTally>> TallyAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, GatewayTally>>(new Dictionary<string, GatewayTally>());
    }
}
