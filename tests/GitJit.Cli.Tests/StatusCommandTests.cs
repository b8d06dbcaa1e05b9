using System.Text.Json;
using GitJit.Core.Audit;

namespace GitJit.Cli.Tests;

public sealed class StatusCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Status_ListsActiveGrantsAndPendingRequests_NotExpiredOrRevokedOnes()
    {
        await using var remote = await WithGrantsAndPullRequestsAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), new AccessRemote.FixedTime(Now), "status", "--repo", remote.Clone);

        Assert.True(exitCode == ExitCodes.Clean, error);
        Assert.Equal(
            """
            GRANT/PR        REQUESTER  RESOURCE      ROLE       EXPIRES                          STATE
            acme/access#11  alice      orders-db     read-only  2026-12-04T07:12:00Z (in 1h12m)  active
            acme/access#12  bob        analytics-db  analyst    2026-12-06T09:00:00Z (in 2d3h)   active
            acme/access#3   alice      orders-db     read-only  1h after merge                   pending
            acme/access#2   bob        orders-db     write      30m after merge                  pending

            2 active grant(s), 2 pending request(s)

            """.ReplaceLineEndings("\n"),
            output.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(token, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_KeepsOnlyTheTokenUsersGrantsAndRequests()
    {
        await using var remote = await WithGrantsAndPullRequestsAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("bob");

        var (exitCode, output, _) = await CliRun.RunAsync(remote.Environment(("GH_TOKEN", token)), new AccessRemote.FixedTime(Now), "status", "--mine", "--repo", remote.Clone);

        Assert.Equal(ExitCodes.Clean, exitCode);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(["acme/access#12", "acme/access#2"], lines[1..3].Select(l => l.Split(' ')[0]));
        Assert.Equal("1 active grant(s), 1 pending request(s)", lines[4]);
    }

    [Fact]
    public async Task Mine_WithRequester_AndNoToken_ListsGrantsAndSaysWhyPendingRequestsAreNotListed()
    {
        await using var remote = await WithGrantsAndPullRequestsAsync();

        var (exitCode, output, _) = await CliRun.RunAsync(remote.Environment(), new AccessRemote.FixedTime(Now), "status", "--mine", "--requester", "alice", "--repo", remote.Clone);

        Assert.Equal(ExitCodes.Clean, exitCode);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith("acme/access#11  alice", lines[1], StringComparison.Ordinal);
        Assert.Equal("", lines[2]);
        Assert.StartsWith("1 active grant(s), pending requests not listed: no GitHub token (set GITHUB_TOKEN or GH_TOKEN", lines[3], StringComparison.Ordinal);
        Assert.Equal(0, remote.GitHub.Requests("GET", "/repos/acme/access/pulls"));
    }

    [Fact]
    public async Task AnExtendedGrant_IsActiveUntilItsLastExtension()
    {
        await using var remote = await AccessRemote.StartAsync();
        await remote.RecordAsync(Now.AddHours(-3), Granted(15, "alice", Now.AddMinutes(-10)));
        await remote.RecordAsync(Now.AddMinutes(-20), new AuditRecord
        {
            Event = AuditEvent.Extended,
            Request = "acme/access#15",
            At = Now.AddMinutes(-20),
            PullRequest = 15,
            Requester = "alice",
            Resource = "orders-db",
            Role = "read-only",
            ExpiresAt = Now.AddMinutes(50),
            Extension = TimeSpan.FromHours(1),
            By = "alice",
            Sequence = 1,
        });

        var (exitCode, output, _) = await CliRun.RunAsync(remote.Environment(), new AccessRemote.FixedTime(Now), "status", "--mine", "--requester", "alice", "--repo", remote.Clone);

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.StartsWith("acme/access#15  alice      orders-db  read-only  2026-12-04T06:50:00Z (in 50m)", output.ReplaceLineEndings("\n").Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_WithoutTokenOrRequester_IsAUsageError()
    {
        await using var remote = await WithGrantsAndPullRequestsAsync();

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(), new AccessRemote.FixedTime(Now), "status", "--mine", "--repo", remote.Clone);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith("gitjit status: --mine needs to know who you are: no GitHub token", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonFormat_HasGrantsWithExpiryAndPendingRequestsWithLinks()
    {
        await using var remote = await WithGrantsAndPullRequestsAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");

        var (exitCode, output, _) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), new AccessRemote.FixedTime(Now), "status", "--format", "json", "--repo", remote.Clone);

        Assert.Equal(ExitCodes.Clean, exitCode);
        using var json = JsonDocument.Parse(output);
        var grant = json.RootElement.GetProperty("grants")[0];
        Assert.Equal("acme/access#11", grant.GetProperty("request").GetString());
        Assert.Equal("2026-12-04T07:12:00Z", grant.GetProperty("expiresAt").GetString());
        Assert.Equal(4320, grant.GetProperty("expiresInSeconds").GetInt64());
        var pending = json.RootElement.GetProperty("pending");
        Assert.Equal(2, pending.GetArrayLength());
        Assert.Equal($"{remote.GitHub.WebUrl}acme/access/pull/3", pending[0].GetProperty("url").GetString());
        Assert.Equal("access-requests/orders-db/alice-more.yaml", pending[0].GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("pendingNotListed").ValueKind);
    }

    [Fact]
    public async Task WhenGitHubFails_TheGrantsAreStillListed_WithGitHubsAnswer_AndExitTwo()
    {
        await using var remote = await WithGrantsAndPullRequestsAsync();

        var (exitCode, output, _) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", "ghp_unknown")), new AccessRemote.FixedTime(Now), "status", "--repo", remote.Clone);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Contains("acme/access#12  bob", output, StringComparison.Ordinal);
        Assert.Contains("2 active grant(s), pending requests not listed: GitHub answered 401 Unauthorized to GET /repos/acme/access/pulls: Bad credentials", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Grants #11 (alice, 1h12m left) and #12 (bob, 2d3h left) are active; #13 expired and #14 was revoked early. Pull requests:
    /// #1 changes a policy (no request), #2 bob's write request, #3 alice's read-only request, #4 closed.
    /// </summary>
    private static async Task<AccessRemote> WithGrantsAndPullRequestsAsync()
    {
        var remote = await AccessRemote.StartAsync();
        await remote.RecordAsync(Now.AddHours(-3),
            Granted(11, "alice", Now.AddMinutes(72)),
            Granted(12, "bob", Now.AddDays(2).AddHours(3), resource: "analytics-db", role: "analyst"),
            Granted(13, "alice", Now.AddHours(-1)),
            Granted(14, "alice", Now.AddHours(1)));
        await remote.RecordAsync(Now.AddHours(-2), Revoked(14, Now.AddHours(-2)));

        var main = remote.MainTip();
        var github = remote.GitHubRepository;
        github.OpenPullRequest("carol", main, remote.PushBranchByHand("policy", "policies/orders-db.yaml", "resource: orders-db\n", "carol"), headRef: "policy");
        github.OpenPullRequest("bob", main, remote.PushBranchByHand("bob-fix",
            "access-requests/orders-db/bob-fix.yaml", "requester: bob\nresource: orders-db\nrole: write\nduration: 30m\nreason: Fix order 4711 by hand\nticket: INC-1\n"), headRef: "bob-fix");
        github.OpenPullRequest("alice", main, remote.PushBranchByHand("alice-more",
            "access-requests/orders-db/alice-more.yaml", "requester: alice\nresource: orders-db\nrole: read-only\nduration: 1h\nreason: Look at more orders\n", "alice"), headRef: "alice-more");
        github.OpenPullRequest("alice", main, remote.PushBranchByHand("alice-old",
            "access-requests/orders-db/alice-old.yaml", "requester: alice\nresource: orders-db\nrole: read-only\nduration: 1h\nreason: An old request\n", "alice"), headRef: "alice-old").Close();
        return remote;
    }

    private static AuditRecord Granted(int pull, string requester, DateTimeOffset expires, string resource = "orders-db", string role = "read-only") => new()
    {
        Event = AuditEvent.Granted,
        Request = $"acme/access#{pull}",
        At = Now.AddHours(-3),
        PullRequest = pull,
        Requester = requester,
        Resource = resource,
        Role = role,
        GrantedAt = Now.AddHours(-3),
        ExpiresAt = expires,
    };

    private static AuditRecord Revoked(int pull, DateTimeOffset at) => new()
    {
        Event = AuditEvent.Revoked,
        Request = $"acme/access#{pull}",
        At = at,
        PullRequest = pull,
        Requester = "alice",
        Resource = "orders-db",
        Role = "read-only",
        RevokedAt = at,
        Reason = AuditReason.Early,
        By = "alice",
    };
}
