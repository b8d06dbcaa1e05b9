using GitJit.Core.Audit;
using GitJit.Testing;
using LibGit2Sharp;
using Microsoft.Extensions.Time.Testing;

namespace GitJit.Audit.Tests;

public sealed class GitAuditLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task Append_OneRecord_IsOneCommitWithTheExactFileMessageAndBotIdentity()
    {
        using var remote = new BareRemote();
        var log = remote.NewLog(new FakeTimeProvider(Now));
        var record = Records.Granted(42);

        var appends = await log.AppendAsync(remote.Remote, [record], CancellationToken.None);

        var append = Assert.Single(appends);
        Assert.Equal(AuditAppendStatus.Committed, append.Status);
        Assert.Equal("audit/42/granted.json", append.Path);
        using var repository = remote.Open();
        var (tip, history, updates) = BareRemote.Inspect(repository);
        Assert.Equal(append.CommitId, tip);
        Assert.Equal([remote.Seed!, tip!], history.Select(c => c.Sha).Reverse());
        var commit = history[0];
        Assert.Equal(
            "gitjit: granted acme/access#42\n\nalice was granted read-only on orders-db until 2026-11-28T14:00:00Z, approved by dana\n\n"
            + "GitJit-Request: acme/access#42\nGitJit-Event: granted\n",
            commit.Message);
        Assert.Equal(("gitjit[bot]", "42+gitjit[bot]@users.noreply.github.com", Now), (commit.Author.Name, commit.Author.Email, commit.Author.When));
        Assert.Equal(commit.Author, commit.Committer);
        var changes = repository.Diff.Compare<TreeChanges>(commit.Parents.Single().Tree, commit.Tree);
        Assert.Equal(("audit/42/granted.json", ChangeKind.Added), (Assert.Single(changes).Path, changes.Single().Status));
        Assert.Equal(AuditJson.Write(record), Content(commit, "audit/42/granted.json"));
        Assert.Equal(Mode.NonExecutableFile, commit["audit/42/granted.json"].Mode);
        Assert.Equal(2, updates.Count);
    }

    [Fact]
    public async Task Append_SameRecordTwice_WritesOneCommit()
    {
        using var remote = new BareRemote();
        var record = Records.Granted(42);
        await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [record], CancellationToken.None);

        var again = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [record], CancellationToken.None);

        Assert.Equal(new AuditAppend(record, "audit/42/granted.json", AuditAppendStatus.AlreadyPresent, null, ContentDiffers: false), Assert.Single(again));
        using var repository = remote.Open();
        Assert.Equal(2, BareRemote.Inspect(repository).History.Count);
    }

    [Fact]
    public async Task Append_SameRecordTwiceByOneLog_ReusesItsMirror()
    {
        using var remote = new BareRemote();
        var log = remote.NewLog(TimeProvider.System);
        await log.AppendAsync(remote.Remote, [Records.Granted(42)], CancellationToken.None);

        var again = await log.AppendAsync(remote.Remote, [Records.Granted(42), Records.Revoked(42, Records.Noon.AddHours(2))], CancellationToken.None);

        Assert.Equal([AuditAppendStatus.AlreadyPresent, AuditAppendStatus.Committed], again.Select(a => a.Status));
        using var repository = remote.Open();
        Assert.Equal(3, BareRemote.Inspect(repository).History.Count);
    }

    [Fact]
    public async Task Append_ADifferentRecordAtTheSamePath_IsReportedAndNotOverwritten()
    {
        using var remote = new BareRemote();
        var log = remote.NewLog(TimeProvider.System);
        var first = Records.Granted(42);
        await log.AppendAsync(remote.Remote, [first], CancellationToken.None);

        var appends = await log.AppendAsync(remote.Remote, [Records.Granted(42, Records.Noon.AddMinutes(1))], CancellationToken.None);

        Assert.Equal((AuditAppendStatus.AlreadyPresent, true, null), (appends[0].Status, appends[0].ContentDiffers, appends[0].CommitId));
        using var repository = remote.Open();
        var (_, history, _) = BareRemote.Inspect(repository);
        Assert.Equal(2, history.Count);
        Assert.Equal(AuditJson.Write(first), Content(history[0], "audit/42/granted.json"));
    }

    [Fact]
    public async Task Append_AChainOfRecords_IsOneCommitEachInOnePush()
    {
        using var remote = new BareRemote();
        var records = Enumerable.Range(1, 5).Select(n => Records.Granted(n)).Append(Records.Revoked(1, Records.Noon.AddHours(2))).ToList();

        var appends = await remote.NewLog(new FakeTimeProvider(Now)).AppendAsync(remote.Remote, records, CancellationToken.None);

        using var repository = remote.Open();
        var (tip, history, updates) = BareRemote.Inspect(repository);
        Assert.All(appends, a => Assert.Equal(AuditAppendStatus.Committed, a.Status));
        Assert.Equal(appends[^1].CommitId, tip);
        Assert.Equal([.. appends.Select(a => a.CommitId!).Reverse(), remote.Seed!], history.Select(c => c.Sha));
        Assert.All(history, c => Assert.True(c.Parents.Count() <= 1));
        foreach (var (append, commit) in appends.Zip(history.Take(appends.Count).Reverse()))
        {
            var added = repository.Diff.Compare<TreeChanges>(commit.Parents.Single().Tree, commit.Tree);
            Assert.Equal(append.Path, Assert.Single(added).Path);
            Assert.EndsWith($"GitJit-Request: {append.Record.Request}\nGitJit-Event: {AuditPaths.Name(append.Record.Event)}\n", commit.Message, StringComparison.Ordinal);
        }
        Assert.Equal([(remote.Seed!, tip!)], updates.Skip(1));
    }

    [Fact]
    public async Task Append_ToARemoteWithoutTheBranch_CreatesIt()
    {
        using var remote = new BareRemote(seeded: false);

        var appends = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Refused(3)], CancellationToken.None);

        using var repository = remote.Open();
        var commit = Assert.Single(BareRemote.Inspect(repository).History);
        Assert.Equal(appends[0].CommitId, commit.Sha);
        Assert.Empty(commit.Parents);
        Assert.NotNull(commit["audit/3/refused.json"]);
    }

    [Fact]
    public async Task Push_BuiltOnAStaleTip_IsRejectedAndChangesNothing()
    {
        using var remote = new BareRemote();
        using var working = new GitJit.Testing.TemporaryDirectory();
        using var mirror = AuditMirror.Open(Path.Combine(working.Path, "mirror"), remote.Remote, CancellationToken.None);
        var stale = mirror.Fetch();
        await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(1)], CancellationToken.None);
        var chain = mirror.Build(stale, [Records.Granted(2)], new Signature("gitjit[bot]", "bot@example.com", Now));

        var rejection = mirror.Push(chain.Head!);

        Assert.Equal("the branch moved (not a fast-forward)", rejection);
        using var repository = remote.Open();
        var (_, history, _) = BareRemote.Inspect(repository);
        Assert.Equal(2, history.Count);
        Assert.Null(history[0]["audit/2/granted.json"]);
    }

    [Fact]
    public async Task Append_WhenEveryPushIsRejected_GivesUpAfterMaxAttemptsWithAClearError()
    {
        using var remote = new BareRemote();
        // A ref lock left by another writer: libgit2 cannot update the branch while it is there.
        await File.WriteAllTextAsync(Path.Combine(remote.Path, "refs", "heads", BareRemote.Branch + ".lock"), "");
        var log = remote.NewLog(TimeProvider.System, maxAttempts: 3);

        var error = await Assert.ThrowsAsync<AuditLogException>(() => log.AppendAsync(remote.Remote, [Records.Granted(1)], CancellationToken.None));

        Assert.Equal(
            $"Pushing 1 audit record(s) to {remote.Path} main failed 3 times; last: the remote refused refs/heads/main: failed to lock file '{remote.Path}/refs/heads/main.lock' for writing",
            error.Message);
        using var repository = remote.Open();
        Assert.Single(BareRemote.Inspect(repository).History);
    }

    [Fact]
    public async Task Append_WhenAPushIsRejected_LogsEachRetryWithTheRemoteAndAttempt()
    {
        using var remote = new BareRemote();
        await File.WriteAllTextAsync(Path.Combine(remote.Path, "refs", "heads", BareRemote.Branch + ".lock"), "");
        var logger = new RecordingLogger<GitAuditLog>();
        var log = remote.NewLog(TimeProvider.System, maxAttempts: 3, logger);

        await Assert.ThrowsAsync<AuditLogException>(() => log.AppendAsync(remote.Remote, [Records.Granted(1)], CancellationToken.None));

        var retries = logger.WithId(2100);
        Assert.Equal([1, 2], retries.Select(r => (int)r.Fields["Attempt"]!));
        Assert.All(retries, r =>
        {
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, r.Level);
            Assert.Equal(remote.Path, r.Fields["Remote"]);
            Assert.Equal(BareRemote.Branch, r.Fields["Branch"]);
            Assert.Equal(1, r.Fields["Records"]);
            Assert.Equal(3, r.Fields["MaxAttempts"]);
            Assert.StartsWith("the remote refused refs/heads/main", (string)r.Fields["Rejection"]!, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task PushRace_ManyWritersAtOnce_LandEveryRecordOnceWithoutLosingOrForcing()
    {
        const int Writers = 6;
        using var remote = new BareRemote();
        var logs = Enumerable.Range(0, Writers).Select(_ => remote.NewLog(TimeProvider.System)).ToList();
        var start = new TaskCompletionSource();

        // Each writer, like a separate bot instance, appends its own records: one, then a chain of two, then one more.
        var results = await Task.WhenAll(logs.Select((log, w) => Task.Run(async () =>
        {
            await start.Task;
            var appends = new List<AuditAppend>();
            foreach (var batch in new[] { new[] { 100 * (w + 1) + 1 }, [100 * (w + 1) + 2, 100 * (w + 1) + 3], [100 * (w + 1) + 4] })
            {
                appends.AddRange(await log.AppendAsync(remote.Remote, [.. batch.Select(n => Records.Granted(n))], CancellationToken.None));
            }
            return appends;
        })).Append(Task.Run(() =>
        {
            start.SetResult();
            return new List<AuditAppend>();
        })));

        var appends = results.SelectMany(r => r).ToList();
        using var repository = remote.Open();
        var (tip, history, updates) = BareRemote.Inspect(repository);
        Assert.All(appends, a => Assert.Equal(AuditAppendStatus.Committed, a.Status));
        Assert.Equal(Writers * 4 + 1, history.Count);
        Assert.All(history, c => Assert.True(c.Parents.Count() <= 1, $"{c.Sha} is a merge"));
        var tipCommit = repository.Lookup<Commit>(tip);
        Assert.All(appends, a => Assert.Equal(a.CommitId, repository.ObjectDatabase.FindMergeBase(repository.Lookup<Commit>(a.CommitId), tipCommit)!.Sha));
        var added = history.Take(history.Count - 1).Select(c => Assert.Single(repository.Diff.Compare<TreeChanges>(c.Parents.Single().Tree, c.Tree)).Path).ToList();
        Assert.Equal(appends.Select(a => a.Path).Order(StringComparer.Ordinal), added.Order(StringComparer.Ordinal));
        Assert.Equal(appends.Select(a => a.CommitId).Order(StringComparer.Ordinal), history.Take(history.Count - 1).Select(c => c.Sha).Order(StringComparer.Ordinal));
        // Every update of the branch moved it forward: each earlier tip is an ancestor of the next, and of the last.
        Assert.Equal(Writers * 3, updates.Count - 1);
        Assert.All(updates.Skip(1), u => Assert.Equal(u.From, repository.ObjectDatabase.FindMergeBase(repository.Lookup<Commit>(u.From), repository.Lookup<Commit>(u.To))!.Sha));
        Assert.All(updates.Zip(updates.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
    }

    [Fact]
    public async Task Read_GivesTheRecordsAtTheTipAndWhatIsNotARecord()
    {
        using var remote = new BareRemote();
        var log = remote.NewLog(TimeProvider.System);
        await log.AppendAsync(remote.Remote, [Records.Granted(1), Records.Granted(2), Records.Revoked(1, Records.Noon.AddHours(2))], CancellationToken.None);
        remote.CommitOnBranch("Tamper\n", new Dictionary<string, string?> { ["audit/3/granted.json"] = "{ not json", ["audit/notes.txt"] = "hello\n" });

        var snapshot = await log.ReadAsync(remote.Remote, CancellationToken.None);

        using var repository = remote.Open();
        Assert.Equal(BareRemote.Inspect(repository).Tip, snapshot.Tip);
        Assert.Equal(["acme/access#1 granted", "acme/access#1 revoked", "acme/access#2 granted"], snapshot.Records.Select(r => $"{r.Request} {AuditPaths.Name(r.Event)}"));
        Assert.Equal(
            [("audit/3/granted.json", AuditAnomalyCodes.RecordUnreadable), ("audit/notes.txt", AuditAnomalyCodes.RecordUnexpectedPath)],
            snapshot.Problems.Select(p => (p.Path, p.Code)));
    }

    [Fact]
    public async Task Read_OfAnEmptyRemote_IsEmpty()
    {
        using var remote = new BareRemote(seeded: false);

        var snapshot = await remote.NewLog(TimeProvider.System).ReadAsync(remote.Remote, CancellationToken.None);

        Assert.Equal(new AuditSnapshot(null, [], []), snapshot with { Records = [], Problems = [] });
        Assert.Empty(snapshot.Records);
    }

    [Fact]
    public async Task Append_ARecordWithoutAPullRequest_IsRefusedBeforeAnyWrite()
    {
        using var remote = new BareRemote();

        await Assert.ThrowsAsync<ArgumentException>(() => remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(1) with { PullRequest = null }], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, [Records.Granted(1) with { Request = "a/b#1\nGitJit-Event: revoked" }], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote with { Branch = "main..x" }, [Records.Granted(1)], CancellationToken.None));
    }

    [Fact]
    public async Task Failure_OverHttps_NeverShowsTheToken()
    {
        const string Token = "ghs_SECRETSECRETSECRET";
        using var remote = new BareRemote();
        var log = remote.NewLog(TimeProvider.System);
        var https = new AuditRemote("https://x-access-token:" + Token + "@127.0.0.1:9/acme/access.git", "main", Token);

        var error = await Assert.ThrowsAsync<AuditLogException>(() => log.AppendAsync(https, [Records.Granted(1)], CancellationToken.None));

        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("fetching from https://127.0.0.1:9/acme/access.git (main) failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, https.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/srv/git/access.git", true)]
    [InlineData("file:///srv/git/access.git", true)]
    [InlineData("../access.git", true)]
    [InlineData("https://github.com/acme/access.git", false)]
    [InlineData("git@github.com:acme/access.git", false)]
    [InlineData("ssh://git@github.com/acme/access.git", false)]
    public void LocalPath_TellsDiskFromNetwork(string url, bool onDisk)
    {
        Assert.Equal(onDisk, GitAuditLog.LocalPath(url) is not null);
    }

    private static byte[] Content(Commit commit, string path)
    {
        using var stream = ((Blob)commit[path].Target).GetContentStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
