using System.Text;
using System.Text.Json;
using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Testing;
using LibGit2Sharp;

namespace GitJit.Cli.Tests;

public sealed class AuditCommandTests
{
    private static readonly DateTimeOffset Granted = new(2020, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CleanStory_ExitsZeroAndPrintsTheTimeline()
    {
        using var repo = await AccessRepositoryAsync(
            Grant(1), Revoke(1, Granted.AddHours(2).AddSeconds(31)),
            Grant(2, expires: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var (exitCode, output, error) = await CliRun.RunAsync("audit", repo.Clone);

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.Equal("", error);
        Assert.Equal(
            """
            REQUEST        STATUS   REQUESTER  RESOURCE   ROLE       GRANTED               EXPIRES               REVOKED               REASON   LATE  REVEALS  EXTENDED  EMERGENCY
            acme/access#1  revoked  alice      orders-db  read-only  2020-03-02T09:00:00Z  2020-03-02T11:00:00Z  2020-03-02T11:00:31Z  expired  31s   0        0         -
            acme/access#2  active   alice      orders-db  read-only  2020-03-02T09:00:00Z  2099-01-01T00:00:00Z  -                     -        -     0        0         -

            2 grant(s), 0 anomalies

            """.ReplaceLineEndings("\n"),
            output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Anomalies_ExitOneAndAreListed()
    {
        using var repo = await AccessRepositoryAsync(Grant(1), Grant(2), Revoke(2, Granted.AddHours(3)));
        repo.CommitByHand("Shorten the record\n", "audit/1/granted.json", "{}\n");

        var (exitCode, output, _) = await CliRun.RunAsync("audit", repo.Clone, "--bound", "5m");

        Assert.Equal(ExitCodes.Findings, exitCode);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains(lines, l => l.StartsWith("audit/1/granted.json: anomaly: changed by ", StringComparison.Ordinal) && l.EndsWith(" added it [history.modified]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("audit/1/granted.json: anomaly: not an audit record: ", StringComparison.Ordinal) && l.EndsWith("[record.unreadable]", StringComparison.Ordinal));
        Assert.Contains("acme/access#2: anomaly: revoked 1h after it expired at 2020-03-02T11:00:00Z; the bound is 5m [grant.late-revocation]", lines);
        Assert.Equal("1 grant(s), 3 anomalies", lines[^2]);
    }

    [Fact]
    public async Task CsvFormat_IsAHeaderAndOneRowPerGrant_WithAnomaliesOnTheErrorStream()
    {
        using var repo = await AccessRepositoryAsync(Grant(1), Grant(3, reason: "a, \"quoted\" reason"), Revoke(3, Granted.AddHours(2)));

        var (exitCode, output, error) = await CliRun.RunAsync("audit", repo.Clone, "--format", "csv");

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Equal(
            "request,status,requester,resource,role,grantedAt,expiresAt,revokedAt,reason,late,credentialsIssued,extensions,emergency\n"
            + "acme/access#1,overdue,alice,orders-db,read-only,2020-03-02T09:00:00Z,2020-03-02T11:00:00Z,,,"
            + output.Split('\n')[1].Split(',')[^4] + ",0,0,\n"
            + "acme/access#3,revoked,\"alice, the \"\"admin\"\"\",orders-db,read-only,2020-03-02T09:00:00Z,2020-03-02T11:00:00Z,2020-03-02T11:00:00Z,expired,,0,0,\n",
            output.ReplaceLineEndings("\n"));
        Assert.Matches("^[0-9]{5,}$", output.Split('\n')[1].Split(',')[^4]);
        Assert.StartsWith("acme/access#1: anomaly: expired at 2020-03-02T11:00:00Z", error, StringComparison.Ordinal);
        Assert.Contains("[grant.missing-revocation]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonFormat_HasTheTimelineAnomaliesAndASummary()
    {
        using var repo = await AccessRepositoryAsync(Grant(1), Revoke(1, Granted.AddHours(2)), Revoke(5, Granted));

        var (exitCode, output, _) = await CliRun.RunAsync("audit", repo.Clone, "--format", "json");

        Assert.Equal(ExitCodes.Findings, exitCode);
        using var json = JsonDocument.Parse(output);
        var first = json.RootElement.GetProperty("timeline")[0];
        Assert.Equal(("acme/access#1", "revoked", "2020-03-02T11:00:00Z", "expired"),
            (first.GetProperty("request").GetString(), first.GetProperty("status").GetString(), first.GetProperty("revokedAt").GetString(), first.GetProperty("reason").GetString()));
        var anomaly = json.RootElement.GetProperty("anomalies")[0];
        Assert.Equal(("grant.revoked-without-grant", "acme/access#5"), (anomaly.GetProperty("code").GetString(), anomaly.GetProperty("request").GetString()));
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("grants").GetInt32());
        Assert.False(json.RootElement.GetProperty("summary").GetProperty("isClean").GetBoolean());
    }

    [Fact]
    public async Task Reveals_AreCountedPerGrantInTextAndCsv_AndListedInJson()
    {
        using var repo = await AccessRepositoryAsync(
            Grant(1), Reveal(1, 1, Granted.AddMinutes(5)), Reveal(1, 2, Granted.AddMinutes(50)), Revoke(1, Granted.AddHours(1)) with { CredentialsIssued = 2 },
            Grant(2, expires: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)), Reveal(2, 1, Granted.AddMinutes(1)));

        var text = await CliRun.RunAsync("audit", repo.Clone);
        var csv = await CliRun.RunAsync("audit", repo.Clone, "--format", "csv");
        var json = await CliRun.RunAsync("audit", repo.Clone, "--format", "json");

        Assert.Equal((ExitCodes.Clean, ExitCodes.Clean, ExitCodes.Clean), (text.ExitCode, csv.ExitCode, json.ExitCode));
        Assert.Equal(
            """
            REQUEST        STATUS   REQUESTER  RESOURCE   ROLE       GRANTED               EXPIRES               REVOKED               REASON   LATE  REVEALS  EXTENDED  EMERGENCY
            acme/access#1  revoked  alice      orders-db  read-only  2020-03-02T09:00:00Z  2020-03-02T11:00:00Z  2020-03-02T10:00:00Z  expired  -     2        0         -
            acme/access#2  active   alice      orders-db  read-only  2020-03-02T09:00:00Z  2099-01-01T00:00:00Z  -                     -        -     1        0         -

            2 grant(s), 0 anomalies

            """.ReplaceLineEndings("\n"),
            text.Out.ReplaceLineEndings("\n"));
        Assert.Equal(["2", "1"], csv.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')[^3]));
        using var document = JsonDocument.Parse(json.Out);
        var reveals = document.RootElement.GetProperty("timeline")[0].GetProperty("credentialsIssued");
        Assert.Equal(
            [(1, "2020-03-02T09:05:00Z", "alice"), (2, "2020-03-02T09:50:00Z", "alice")],
            reveals.EnumerateArray().Select(r => (r.GetProperty("sequence").GetInt32(), r.GetProperty("at").GetString(), r.GetProperty("by").GetString())));
    }

    [Fact]
    public async Task Extensions_MoveTheExpiry_AreCounted_AndListedInJson()
    {
        using var repo = await AccessRepositoryAsync(
            Grant(1), Extend(1, 1, Granted.AddMinutes(90), Granted.AddHours(3)), Extend(1, 2, Granted.AddMinutes(170), Granted.AddHours(4)),
            Revoke(1, Granted.AddHours(4).AddSeconds(2)));

        var text = await CliRun.RunAsync("audit", repo.Clone);
        var json = await CliRun.RunAsync("audit", repo.Clone, "--format", "json");

        Assert.Equal((ExitCodes.Clean, ExitCodes.Clean), (text.ExitCode, json.ExitCode));
        Assert.Contains(
            "acme/access#1  revoked  alice      orders-db  read-only  2020-03-02T09:00:00Z  2020-03-02T13:00:00Z  2020-03-02T13:00:02Z  expired  2s    0        2         -",
            text.Out.ReplaceLineEndings("\n").Split('\n'));
        using var document = JsonDocument.Parse(json.Out);
        var extensions = document.RootElement.GetProperty("timeline")[0].GetProperty("extensions");
        Assert.Equal(
            [(1, "2020-03-02T10:30:00Z", "2020-03-02T12:00:00Z", "1h"), (2, "2020-03-02T11:50:00Z", "2020-03-02T13:00:00Z", "1h")],
            extensions.EnumerateArray().Select(e => (e.GetProperty("sequence").GetInt32(), e.GetProperty("at").GetString(), e.GetProperty("expiresAt").GetString(), e.GetProperty("added").GetString())));
    }

    [Fact]
    public async Task ExtensionAnomalies_ExitOneAndAreListed()
    {
        using var repo = await AccessRepositoryAsync(
            // Extended after it had expired (it never may be revived), then by a second extension numbered 3.
            Grant(1), Extend(1, 1, Granted.AddHours(2).AddMinutes(1), Granted.AddHours(3)), Extend(1, 3, Granted.AddHours(2).AddMinutes(30), Granted.AddHours(4)),
            Revoke(1, Granted.AddHours(4)),
            // An extension that does not move the expiry later, and one with no grant at all.
            Grant(2), Extend(2, 1, Granted.AddHours(1), Granted.AddHours(1)), Revoke(2, Granted.AddHours(2)),
            Extend(4, 1, Granted, Granted.AddHours(1)));

        var (exitCode, output, _) = await CliRun.RunAsync("audit", repo.Clone);

        Assert.Equal(ExitCodes.Findings, exitCode);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("acme/access#1: anomaly: extended sequences are 1 and 3, not 1 to 2 [grant.extension-sequence]", lines);
        Assert.Contains("acme/access#1: anomaly: extension 1: made at 2020-03-02T11:01:00Z, after the grant expired at 2020-03-02T11:00:00Z [grant.extension-outside-window]", lines);
        Assert.Contains("acme/access#2: anomaly: extension 1: sets the expiry to 2020-03-02T10:00:00Z, not later than 2020-03-02T11:00:00Z [grant.extension-outside-window]", lines);
        Assert.Contains("acme/access#4: anomaly: 1 extended record(s), but never granted [grant.extension-without-grant]", lines);
    }

    [Fact]
    public async Task RevealAnomalies_ExitOneAndAreListed()
    {
        using var repo = await AccessRepositoryAsync(
            Grant(1), Reveal(1, 1, Granted.AddMinutes(5)) with { By = "mallory" }, Reveal(1, 3, Granted.AddHours(3)),
            Revoke(1, Granted.AddHours(2)) with { CredentialsIssued = 0 }, Reveal(4, 1, Granted));

        var (exitCode, output, _) = await CliRun.RunAsync("audit", repo.Clone);

        Assert.Equal(ExitCodes.Findings, exitCode);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("acme/access#1: anomaly: credentials-issued sequences are 1 and 3, not 1 to 2 [grant.credentials-sequence]", lines);
        Assert.Contains("acme/access#1: anomaly: reveal 1: credentials issued to 'mallory', not to the requester 'alice' [grant.credentials-not-requester]", lines);
        Assert.Contains("acme/access#1: anomaly: reveal 3: credentials issued at 2020-03-02T12:00:00Z, after the grant expired at 2020-03-02T11:00:00Z [grant.credentials-outside-window]", lines);
        Assert.Contains("acme/access#1: anomaly: the revoked record says credentials were issued 0 time(s), but 1 credentials-issued record(s) precede it [grant.credentials-undercounted]", lines);
        Assert.Contains("acme/access#4: anomaly: 1 credentials-issued record(s), but never granted [grant.credentials-without-grant]", lines);
        Assert.Equal("2 grant(s), 5 anomalies", lines[^2]);
    }

    [Fact]
    public async Task Since_ShowsOnlyGrantsWithRecentRecords()
    {
        using var repo = await AccessRepositoryAsync(Grant(1), Revoke(1, Granted.AddHours(2)));
        await repo.AppendAsync(new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero), Grant(7, expires: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var (exitCode, output, _) = await CliRun.RunAsync("audit", repo.Clone, "--since", "2021-01-01", "--format", "csv");

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.Equal(["acme/access#7"], output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task NotARepository_IsAUsageError()
    {
        using var folder = new TemporaryDirectory();

        var (exitCode, output, error) = await CliRun.RunAsync("audit", folder.Path);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"gitjit audit: {folder.Path} is not in a git repository; clone the access repository first\n", error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--bound", "soon", "gitjit audit: --bound: 'soon' is not a duration")]
    [InlineData("--since", "yesterday", "gitjit audit: --since: yesterday is not a date")]
    [InlineData("--format", "xml", "gitjit: Cannot parse argument 'xml' for option '--format'")]
    public async Task BadOptions_AreUsageErrors(string option, string value, string message)
    {
        using var repo = await AccessRepositoryAsync(Grant(1));

        var (exitCode, _, error) = await CliRun.RunAsync("audit", repo.Clone, option, value);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    private static AuditRecord Grant(int pull, DateTimeOffset? expires = null, string requester = "alice", string? reason = null) => new()
    {
        Event = AuditEvent.Granted,
        Request = $"acme/access#{pull}",
        At = Granted,
        PullRequest = pull,
        Requester = reason is null ? requester : "alice, the \"admin\"",
        Resource = "orders-db",
        Role = "read-only",
        GrantedAt = Granted,
        ExpiresAt = expires ?? Granted.AddHours(2),
    };

    private static AuditRecord Reveal(int pull, int sequence, DateTimeOffset at) => new()
    {
        Event = AuditEvent.CredentialsIssued,
        Request = $"acme/access#{pull}",
        At = at,
        PullRequest = pull,
        Requester = "alice",
        Resource = "orders-db",
        Role = "read-only",
        By = "alice",
        Sequence = sequence,
    };

    private static AuditRecord Extend(int pull, int sequence, DateTimeOffset at, DateTimeOffset expires) => new()
    {
        Event = AuditEvent.Extended,
        Request = $"acme/access#{pull}",
        At = at,
        PullRequest = pull,
        Requester = "alice",
        Resource = "orders-db",
        Role = "read-only",
        ExpiresAt = expires,
        Extension = TimeSpan.FromHours(1),
        By = "alice",
        Sequence = sequence,
    };

    private static AuditRecord Revoke(int pull, DateTimeOffset at) => new()
    {
        Event = AuditEvent.Revoked,
        Request = $"acme/access#{pull}",
        At = at,
        PullRequest = pull,
        Requester = "alice",
        Resource = "orders-db",
        Role = "read-only",
        RevokedAt = at,
        Reason = AuditReason.Expired,
    };

    private static async Task<AccessRepository> AccessRepositoryAsync(params AuditRecord[] records)
    {
        var repo = new AccessRepository();
        await repo.AppendAsync(Granted, records);
        return repo;
    }

    /// <summary>A bare remote the bot writes to, and a clone of it where the auditor runs <c>gitjit audit</c>.</summary>
    private sealed class AccessRepository : IDisposable
    {
        private readonly TemporaryDirectory folder = new();

        public AccessRepository()
        {
            Remote = Path.Combine(folder.Path, "access.git");
            Repository.Init(Remote, isBare: true);
            using var repository = new Repository(Remote);
            repository.Refs.UpdateTarget("HEAD", "refs/heads/main");
        }

        public string Remote { get; }

        public string Clone => Path.Combine(folder.Path, "clone");

        public async Task AppendAsync(DateTimeOffset now, params AuditRecord[] records)
        {
            var log = new GitAuditLog(new GitAuditLogOptions { WorkingFolder = Path.Combine(folder.Path, "bot") }, new FixedTime(now));
            await log.AppendAsync(new AuditRemote(Remote, "main", Token: null), records, CancellationToken.None);
            if (Directory.Exists(Clone))
            {
                using var clone = new Repository(Clone);
                LibGit2Sharp.Commands.Pull(clone, new Signature("auditor", "auditor@example.com", now), new PullOptions());
            }
            else
            {
                Repository.Clone(Remote, Clone);
            }
        }

        public void CommitByHand(string message, string path, string content)
        {
            using var clone = new Repository(Clone);
            File.WriteAllText(Path.Combine(Clone, path), content, new UTF8Encoding(false));
            LibGit2Sharp.Commands.Stage(clone, path);
            var human = new Signature("Mallory", "mallory@example.com", Granted.AddDays(1));
            clone.Commit(message, human, human);
        }

        public void Dispose() => folder.Dispose();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
