using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace GitJit.Audit.Tests;

/// <summary>
/// Appends many records to a local bare remote, in one call and in one call each, and prints how long it took
/// (no timing assertions). 100 records by default; set GITJIT_AUDIT_BENCH_RECORDS=1000 for the full measurement.
/// </summary>
public sealed class AppendThroughputTests(ITestOutputHelper output)
{
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("GITJIT_AUDIT_BENCH_RECORDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100;

    [Fact]
    public async Task ManyRecords_InOneCall_AreOneCommitEach()
    {
        using var remote = new BareRemote();
        var log = remote.NewLog(TimeProvider.System);
        var records = Enumerable.Range(1, Count).Select(i => Records.Granted(i)).ToList();

        var clock = Stopwatch.StartNew();
        var appends = await log.AppendAsync(remote.Remote, records, CancellationToken.None);
        clock.Stop();

        output.WriteLine($"{Count} records in one call: {clock.Elapsed.TotalMilliseconds:F0} ms ({clock.Elapsed.TotalMilliseconds / Count:F2} ms per record)");
        Assert.All(appends, a => Assert.Equal(AuditAppendStatus.Committed, a.Status));
        using var repository = remote.Open();
        Assert.Equal(Count + 1, BareRemote.Inspect(repository).History.Count);
    }

    [Fact]
    public async Task ManyRecords_InOneCallEach_AreOneCommitEach()
    {
        using var remote = new BareRemote();
        var log = remote.NewLog(TimeProvider.System);

        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= Count; i++)
        {
            var append = await log.AppendAsync(remote.Remote, [Records.Granted(i)], CancellationToken.None);
            Assert.Equal(AuditAppendStatus.Committed, append[0].Status);
        }
        clock.Stop();

        output.WriteLine($"{Count} records in {Count} calls: {clock.Elapsed.TotalMilliseconds:F0} ms ({clock.Elapsed.TotalMilliseconds / Count:F2} ms per record)");
        using var repository = remote.Open();
        Assert.Equal(Count + 1, BareRemote.Inspect(repository).History.Count);
        var read = Stopwatch.StartNew();
        var report = AuditHistory.Read(remote.Path, since: null);
        output.WriteLine($"reading the history of {Count} records: {read.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(Count, report.Entries.Count);
    }
}
