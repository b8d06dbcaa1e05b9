using System.Text;
using GitJit.Core.Audit;
using LibGit2Sharp;
using Microsoft.Extensions.Time.Testing;

namespace GitJit.Audit.Tests;

/// <summary>Credentials-issued records through the real writer and readers: many per grant, one file and commit each.</summary>
public sealed class CredentialsIssuedTrailTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Append_Reveals_AreNumberedFilesOneCommitEach()
    {
        using var remote = new BareRemote();
        var log = remote.NewLog(new FakeTimeProvider(Now));
        var reveals = new[] { Records.CredentialsIssued(7, 1, Now), Records.CredentialsIssued(7, 2, Now.AddMinutes(5)) };

        var appends = await log.AppendAsync(remote.Remote, [Records.Granted(7), .. reveals], CancellationToken.None);

        Assert.Equal(
            [("audit/7/granted.json", AuditAppendStatus.Committed), ("audit/7/credentials-issued-1.json", AuditAppendStatus.Committed), ("audit/7/credentials-issued-2.json", AuditAppendStatus.Committed)],
            appends.Select(a => (a.Path, a.Status)));
        using var repository = remote.Open();
        var second = repository.Lookup<Commit>(appends[2].CommitId);
        Assert.Equal(
            "gitjit: credentials-issued acme/access#7\n\ncredentials for acme/access#7 (read-only on orders-db) issued to alice at 2026-11-28T12:35:00Z (reveal 2)\n\n"
            + "GitJit-Request: acme/access#7\nGitJit-Event: credentials-issued\n",
            second.Message);
        var added = repository.Diff.Compare<TreeChanges>(second.Parents.Single().Tree, second.Tree);
        Assert.Equal("audit/7/credentials-issued-2.json", Assert.Single(added).Path);
        Assert.Equal(AuditJson.Write(reveals[1]), Content(second, "audit/7/credentials-issued-2.json"));
    }

    [Fact]
    public async Task Append_TheSameRevealTwice_IsAlreadyPresentWithTheSameContent()
    {
        using var remote = new BareRemote();
        var reveal = Records.CredentialsIssued(7, 1, Now);
        await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(7), reveal], CancellationToken.None);

        var again = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [reveal], CancellationToken.None);

        Assert.Equal(new AuditAppend(reveal, "audit/7/credentials-issued-1.json", AuditAppendStatus.AlreadyPresent, null, ContentDiffers: false), Assert.Single(again));
        using var repository = remote.Open();
        Assert.Equal(3, BareRemote.Inspect(repository).History.Count);
    }

    [Fact]
    public async Task Append_ARevealWhoseSequenceAnotherTook_SaysTheContentDiffers_AndKeepsTheFirst()
    {
        using var remote = new BareRemote();
        var first = Records.CredentialsIssued(7, 1, Now);
        await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(7), first], CancellationToken.None);
        // A second server instance that counted before the first reveal landed also takes sequence 1.
        var late = Records.CredentialsIssued(7, 1, Now.AddSeconds(2));

        var taken = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [late], CancellationToken.None);
        var retried = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [late with { Sequence = 2 }], CancellationToken.None);

        Assert.Equal(new AuditAppend(late, "audit/7/credentials-issued-1.json", AuditAppendStatus.AlreadyPresent, null, ContentDiffers: true), Assert.Single(taken));
        Assert.Equal(("audit/7/credentials-issued-2.json", AuditAppendStatus.Committed), (retried[0].Path, retried[0].Status));
        using var repository = remote.Open();
        var tip = repository.Lookup<Commit>(BareRemote.Inspect(repository).Tip);
        Assert.Equal(AuditJson.Write(first), Content(tip, "audit/7/credentials-issued-1.json"));
        Assert.Equal(AuditJson.Write(late with { Sequence = 2 }), Content(tip, "audit/7/credentials-issued-2.json"));
    }

    [Fact]
    public async Task Append_OneBatchTakingASequenceTwice_CommitsTheFirstOnly()
    {
        using var remote = new BareRemote();
        var first = Records.CredentialsIssued(7, 1, Now);
        var second = Records.CredentialsIssued(7, 1, Now.AddSeconds(1));

        var appends = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [first, second], CancellationToken.None);

        Assert.Equal([(AuditAppendStatus.Committed, false), (AuditAppendStatus.AlreadyPresent, true)], appends.Select(a => (a.Status, a.ContentDiffers)));
        using var repository = remote.Open();
        Assert.Equal(2, BareRemote.Inspect(repository).History.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-2)]
    public async Task Append_ARevealWithoutAValidSequence_IsRefusedBeforeAnyWrite(int? sequence)
    {
        using var remote = new BareRemote();
        var bad = Records.CredentialsIssued(7, 1, Now) with { Sequence = sequence };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(7), bad], CancellationToken.None));

        using var repository = remote.Open();
        Assert.Single(BareRemote.Inspect(repository).History);
    }

    [Fact]
    public async Task Append_AnotherEventWithASequence_IsRefusedBeforeAnyWrite()
    {
        using var remote = new BareRemote();

        await Assert.ThrowsAsync<ArgumentException>(() => remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(7) with { Sequence = 1 }], CancellationToken.None));

        using var repository = remote.Open();
        Assert.Single(BareRemote.Inspect(repository).History);
    }

    [Fact]
    public async Task Read_GivesTheRevealsOfAPullRequest_AndHistoryFindsNothingWrong()
    {
        using var remote = new BareRemote();
        var log = remote.NewLog(TimeProvider.System);
        var records = new[]
        {
            Records.Granted(7), Records.CredentialsIssued(7, 1, Now), Records.CredentialsIssued(7, 2, Now.AddMinutes(1)),
            Records.CredentialsIssued(7, 3, Now.AddMinutes(2)), Records.Granted(8),
        };
        await log.AppendAsync(remote.Remote, records, CancellationToken.None);

        var snapshot = await log.ReadAsync(remote.Remote, 7, CancellationToken.None);
        var history = AuditHistory.Read(remote.Path, since: null);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(
            [(AuditEvent.CredentialsIssued, (int?)1), (AuditEvent.CredentialsIssued, 2), (AuditEvent.CredentialsIssued, 3), (AuditEvent.Granted, null)],
            snapshot.Records.Select(r => (r.Event, r.Sequence)));
        Assert.Empty(history.Anomalies);
        Assert.Equal(5, history.Entries.Count);
        Assert.True(AuditVerifier.Verify(history.Entries.Select(e => e.Record), Now.AddMinutes(3)).IsClean);
    }

    [Fact]
    public void Read_ARevealAtAnotherSequencesPath_IsAPathMismatch()
    {
        using var remote = new BareRemote();
        var reveal = Encoding.UTF8.GetString(AuditJson.Write(Records.CredentialsIssued(7, 2, Now)));
        var granted = Encoding.UTF8.GetString(AuditJson.Write(Records.Granted(7)));
        remote.CommitOnBranch(
            "gitjit: credentials-issued acme/access#7\n\nx\n\nGitJit-Request: acme/access#7\nGitJit-Event: credentials-issued\n",
            new Dictionary<string, string?>
            {
                ["audit/7/credentials-issued-1.json"] = reveal,
                ["audit/7/credentials-issued-3.json"] = Encoding.UTF8.GetString(AuditJson.Write(Records.CredentialsIssued(7, 3, Now) with { Sequence = null })),
                ["audit/7/credentials-issued-04.json"] = reveal,
                ["audit/7/credentials-issued.json"] = reveal,
                ["audit/7/granted.json"] = granted.Replace("\"expiresAt\"", "\"sequence\": 1,\n  \"expiresAt\"", StringComparison.Ordinal),
            });

        var report = AuditHistory.Read(remote.Path, since: null);

        Assert.Equal(
            [
                (AuditAnomalyCodes.RecordUnexpectedPath, "audit/7/credentials-issued-04.json", "not a record file: records are regular files at audit/<pull>/<event>.json or audit/<pull>/credentials-issued-<n>.json"),
                (AuditAnomalyCodes.RecordPathMismatch, "audit/7/credentials-issued-1.json", "holds a credentials-issued record for pull request 7, sequence 2"),
                (AuditAnomalyCodes.RecordPathMismatch, "audit/7/credentials-issued-3.json", "holds a credentials-issued record for pull request 7, without a sequence"),
                (AuditAnomalyCodes.RecordUnexpectedPath, "audit/7/credentials-issued.json", "not a record file: records are regular files at audit/<pull>/<event>.json or audit/<pull>/credentials-issued-<n>.json"),
                (AuditAnomalyCodes.RecordPathMismatch, "audit/7/granted.json", "holds a granted record for pull request 7, sequence 1"),
            ],
            report.Anomalies.Select(a => (a.Code, a.Path!, a.Message)));
        Assert.Empty(report.Entries);
    }

    [Fact]
    public async Task History_FlagsARevealAddedWithoutItsTrailers()
    {
        using var remote = new BareRemote();
        await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(7)], CancellationToken.None);
        var forged = remote.CommitOnBranch(
            "gitjit: credentials-issued acme/access#7\n\nx\n\nGitJit-Request: acme/access#7\nGitJit-Event: granted\n",
            new Dictionary<string, string?> { ["audit/7/credentials-issued-1.json"] = Encoding.UTF8.GetString(AuditJson.Write(Records.CredentialsIssued(7, 1, Now))) });

        var report = AuditHistory.Read(remote.Path, since: null);

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AuditAnomalyCodes.HistoryCommitMismatch, "audit/7/credentials-issued-1.json", forged), (anomaly.Code, anomaly.Path!, anomaly.CommitId!));
        Assert.EndsWith("the record is credentials-issued acme/access#7", anomaly.Message, StringComparison.Ordinal);
    }

    private static byte[] Content(Commit commit, string path)
    {
        using var stream = ((Blob)commit[path].Target).GetContentStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
