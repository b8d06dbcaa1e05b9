using System.Text;
using GitJit.Core.Audit;

namespace GitJit.Audit.Tests;

public sealed class AuditHistoryTests
{
    [Fact]
    public async Task Read_GivesEachRecordWithTheCommitThatAddedIt()
    {
        using var remote = new BareRemote();
        var appends = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(1), Records.Revoked(1, Records.Noon.AddHours(2))], CancellationToken.None);
        remote.CommitOnBranch("Unrelated change\n", new Dictionary<string, string?> { ["README.md"] = "# access, edited\n" });

        var report = AuditHistory.Read(remote.Path, since: null);

        Assert.Empty(report.Anomalies);
        Assert.Equal(
            appends.Select(a => (a.Path, a.CommitId!)),
            report.Entries.Select(e => (e.Path, e.AddedBy)));
        Assert.Equal(Records.Revoked(1, Records.Noon.AddHours(2)) with { }, report.Entries[1].Record with { });
    }

    [Fact]
    public async Task Read_FlagsARecordModifiedInALaterCommit()
    {
        using var remote = new BareRemote();
        var appends = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(1)], CancellationToken.None);
        var forged = Encoding.UTF8.GetString(AuditJson.Write(Records.Granted(1, duration: TimeSpan.FromDays(30))));
        var tamper = remote.CommitOnBranch("Fix a typo\n", new Dictionary<string, string?> { ["audit/1/granted.json"] = forged });

        var report = AuditHistory.Read(remote.Path, since: null);

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AuditAnomalyCodes.HistoryModified, "audit/1/granted.json", tamper), (anomaly.Code, anomaly.Path!, anomaly.CommitId!));
        Assert.Equal($"changed by {tamper[..10]} after {appends[0].CommitId![..10]} added it", anomaly.Message);
        Assert.Equal(appends[0].CommitId, Assert.Single(report.Entries).AddedBy);
    }

    [Fact]
    public async Task Read_FlagsADeletedRecord()
    {
        using var remote = new BareRemote();
        await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(1), Records.Revoked(1, Records.Noon.AddHours(2))], CancellationToken.None);
        var tamper = remote.CommitOnBranch("Clean up\n", new Dictionary<string, string?> { ["audit/1/revoked.json"] = null });

        var report = AuditHistory.Read(remote.Path, since: null);

        Assert.Equal([(AuditAnomalyCodes.HistoryDeleted, "audit/1/revoked.json", tamper)], report.Anomalies.Select(a => (a.Code, a.Path!, a.CommitId!)));
        Assert.Equal(["audit/1/granted.json"], report.Entries.Select(e => e.Path));
    }

    [Fact]
    public void Read_FlagsARecordAddedByACommitWithOtherTrailers()
    {
        using var remote = new BareRemote();
        var record = Encoding.UTF8.GetString(AuditJson.Write(Records.Granted(7)));
        var forged = remote.CommitOnBranch(
            "gitjit: granted acme/access#7\n\nLooks like the bot.\n\nGitJit-Request: acme/access#8\nGitJit-Event: granted\n",
            new Dictionary<string, string?> { ["audit/7/granted.json"] = record });
        remote.CommitOnBranch("Add by hand\n", new Dictionary<string, string?> { ["audit/9/granted.json"] = Encoding.UTF8.GetString(AuditJson.Write(Records.Granted(9))) });

        var report = AuditHistory.Read(remote.Path, since: null);

        Assert.Equal(
            [(AuditAnomalyCodes.HistoryCommitMismatch, "audit/7/granted.json"), (AuditAnomalyCodes.HistoryCommitMismatch, "audit/9/granted.json")],
            report.Anomalies.Select(a => (a.Code, a.Path!)));
        Assert.Equal(
            $"added by {forged[..10]}, whose message has GitJit-Request: 'acme/access#8' and GitJit-Event: 'granted'; the record is granted acme/access#7",
            report.Anomalies[0].Message);
        Assert.Equal(2, report.Entries.Count);
    }

    [Fact]
    public void Read_FlagsFilesThatAreNotRecords()
    {
        using var remote = new BareRemote();
        remote.CommitOnBranch(
            "gitjit: granted acme/access#5\n\nx\n\nGitJit-Request: acme/access#5\nGitJit-Event: granted\n",
            new Dictionary<string, string?>
            {
                ["audit/5/granted.json"] = "{\"event\":\"granted\"}",
                ["audit/6/revoked.json"] = Encoding.UTF8.GetString(AuditJson.Write(Records.Granted(6))),
                ["audit/README.md"] = "records\n",
            });

        var report = AuditHistory.Read(remote.Path, since: null);

        Assert.Equal(
            [
                (AuditAnomalyCodes.RecordUnreadable, "audit/5/granted.json"),
                (AuditAnomalyCodes.RecordPathMismatch, "audit/6/revoked.json"),
                (AuditAnomalyCodes.RecordUnexpectedPath, "audit/README.md"),
            ],
            report.Anomalies.Select(a => (a.Code, a.Path!)));
        Assert.Empty(report.Entries);
    }

    [Fact]
    public void Read_ARecordFiledUnderOnePullRequestThatNamesAnothersGrant_IsAPathMismatch_NotAnEntry()
    {
        using var remote = new BareRemote();
        var forged = Records.Granted(2) with { Request = "acme/access#1" };
        remote.CommitOnBranch(
            "gitjit: granted acme/access#2\n\nx\n\nGitJit-Request: acme/access#2\nGitJit-Event: granted\n",
            new Dictionary<string, string?> { ["audit/2/granted.json"] = Encoding.UTF8.GetString(AuditJson.Write(forged)) });

        var report = AuditHistory.Read(remote.Path, since: null);

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AuditAnomalyCodes.RecordPathMismatch, "audit/2/granted.json"), (anomaly.Code, anomaly.Path!));
        Assert.Equal("holds a record of grant 'acme/access#1', not of pull request 2", anomaly.Message);
        Assert.Empty(report.Entries);
    }

    [Fact]
    public async Task Read_Since_KeepsTheWholeStoryOfGrantsWithARecentRecord()
    {
        using var remote = new BareRemote();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Records.Noon);
        var log = remote.NewLog(clock);
        await log.AppendAsync(remote.Remote, [Records.Granted(1), Records.Granted(2)], CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));
        await log.AppendAsync(remote.Remote, [Records.Revoked(2, Records.Noon.AddHours(2))], CancellationToken.None);

        var report = AuditHistory.Read(remote.Path, since: Records.Noon.AddHours(1));

        Assert.Equal(["audit/2/granted.json", "audit/2/revoked.json"], report.Entries.Select(e => e.Path));
    }

    [Fact]
    public void Read_OfARepositoryWithoutCommits_IsEmpty()
    {
        using var remote = new BareRemote(seeded: false);

        var report = AuditHistory.Read(remote.Path, since: null);

        Assert.Equal((null, 0, 0), (report.Tip, report.Entries.Count, report.Anomalies.Count));
    }
}
