using System.Text.Json;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using LibGit2Sharp;

namespace GitJit.Cli.Tests;

public sealed class RequestCommandTests
{
    private const string Reason = "Investigate stuck orders after deploy 4711";
    private const string File = "access-requests/orders-db/alice-investigate-stuck-orders-after.yaml";
    private const string Branch = "gitjit/request/orders-db-alice-investigate-stuck-orders-after";
    private static readonly string[] Request = ["request", "orders-db", "--role", "read-only", "--for", "2h", "--reason", Reason, "--table", "public.orders,public.order_items"];

    [Fact]
    public async Task DryRun_WritesOnlyAFileThatValidateAccepts()
    {
        using var folder = new TemporaryDirectory().WithExampleRepository();

        var (exitCode, output, error) = await CliRun.RunAsync(CliEnvironment.Of(new Dictionary<string, string>(), folder.Path), TimeProvider.System,
            [.. Request, "--ticket", "INC-4211", "--dry-run", "--requester", "alice", "--repo", folder.Path]);

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.Equal(Path.Join(folder.Path, File) + "\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("[request.eligibility-unchecked]", error, StringComparison.Ordinal);
        Assert.Equal(
            """
            # yaml-language-server: $schema=../../schemas/access-request.schema.json
            requester: alice
            resource: orders-db
            role: read-only
            duration: 2h
            reason: Investigate stuck orders after deploy 4711
            ticket: INC-4211
            guardrails:
              tables: [public.orders, public.order_items]

            """.ReplaceLineEndings("\n"),
            await System.IO.File.ReadAllTextAsync(Path.Combine(folder.Path, File)));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, ".git")));
        var validate = await CliRun.RunAsync("validate", folder.Path);
        Assert.Equal(ExitCodes.Clean, validate.ExitCode);
        Assert.Contains("4 request(s), 2 policies: 0 error(s), 0 warning(s)", validate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emergency_WritesTheFlag_AndARoleWithoutAnEmergencyRuleIsRefusedBeforeAnythingIsWritten()
    {
        using var folder = new TemporaryDirectory().WithExampleRepository();
        string[] write = ["request", "orders-db", "--role", "write", "--for", "20m", "--reason", "Fix order 4711 by hand during INC-9", "--ticket", "INC-9", "--emergency"];

        var (exitCode, output, _) = await CliRun.RunAsync(CliEnvironment.Of(new Dictionary<string, string>(), folder.Path), TimeProvider.System,
            [.. write, "--dry-run", "--requester", "alice", "--repo", folder.Path]);

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.EndsWith("ticket: INC-9\nemergency: true\n", (await System.IO.File.ReadAllTextAsync(output.Trim())).ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var refused = await CliRun.RunAsync(CliEnvironment.Of(new Dictionary<string, string>(), folder.Path), TimeProvider.System,
            [.. Request, "--emergency", "--dry-run", "--requester", "alice", "--repo", folder.Path]);

        Assert.Equal(ExitCodes.Findings, refused.ExitCode);
        Assert.Contains("[request.emergency-not-allowed]", refused.Out, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(folder.Path, File)));
    }

    [Fact]
    public async Task DryRun_QuotesAReasonThatIsNotPlainText_AndValidateReadsItBack()
    {
        using var folder = new TemporaryDirectory().WithExampleRepository();
        const string reason = "Fix: order #4711 \"stuck\"\u2028role: write";

        var (exitCode, _, _) = await CliRun.RunAsync(CliEnvironment.Of(new Dictionary<string, string>(), folder.Path), TimeProvider.System,
            "request", "orders-db", "--role", "read-only", "--for", "1h", "--reason", reason, "--dry-run", "--requester", "alice", "--repo", folder.Path);

        // The line separator is refused by the reason's rule, so nothing is written: no value adds a field.
        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder.Path, "access-requests", "orders-db"), "alice-fix-*"));

        (exitCode, _, _) = await CliRun.RunAsync(CliEnvironment.Of(new Dictionary<string, string>(), folder.Path), TimeProvider.System,
            "request", "orders-db", "--role", "read-only", "--for", "1h", "--reason", "Fix: order #4711 \"stuck\" role: write", "--dry-run", "--requester", "alice", "--repo", folder.Path);

        Assert.Equal(ExitCodes.Clean, exitCode);
        var text = await System.IO.File.ReadAllTextAsync(Path.Combine(folder.Path, "access-requests/orders-db/alice-fix-order-4711-stuck.yaml"));
        Assert.Contains("reason: \"Fix: order #4711 \\\"stuck\\\" role: write\"\n", text, StringComparison.Ordinal);
        Assert.Contains("role: read-only\n", text, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Clean, (await CliRun.RunAsync("validate", folder.Path)).ExitCode);
    }

    [Theory]
    [InlineData("payments-db", "read-only", "2h", "error: there is no policy for resource 'payments-db' (policies/payments-db.yaml does not exist) [request.unknown-resource]")]
    [InlineData("orders-db", "admin", "2h", "error: 'admin' is not a role of orders-db; choose one of read-only and write [request.unknown-role]")]
    [InlineData("orders-db", "read-only", "9h", "error: duration 9h is longer than the read-only role allows (4h) [request.duration-too-long]")]
    [InlineData("orders-db", "write", "30m", "error: the write role requires a ticket; add a 'ticket' field [request.ticket-required]")]
    public async Task DryRun_InvalidRequest_PrintsFindingsLikeValidate_AndWritesNothing(string resource, string role, string duration, string expected)
    {
        using var folder = new TemporaryDirectory().WithExampleRepository();

        var (exitCode, output, error) = await CliRun.RunAsync(CliEnvironment.Of(new Dictionary<string, string>(), folder.Path), TimeProvider.System,
            "request", resource, "--role", role, "--for", duration, "--reason", Reason, "--dry-run", "--requester", "alice", "--repo", folder.Path);

        Assert.Equal(ExitCodes.Findings, exitCode);
        var path = $"access-requests/{resource}/alice-investigate-stuck-orders-after.yaml";
        Assert.Contains(output.ReplaceLineEndings("\n").Split('\n'), l => l.StartsWith(path + ":", StringComparison.Ordinal) && l.EndsWith(expected, StringComparison.Ordinal));
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(folder.Path, path)));
    }

    [Fact]
    public async Task Request_PushesOneCommitOnANewBranch_AndOpensThePullRequest()
    {
        await using var remote = await AccessRemote.StartAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");
        var mainBefore = remote.MainTip();

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.True(exitCode == ExitCodes.Clean, error);
        Assert.Equal($"{remote.GitHub.WebUrl}acme/access/pull/1\n", output.ReplaceLineEndings("\n"));
        Assert.Contains($"pushed {Branch} (", error, StringComparison.Ordinal);
        AssertNoToken(token, output, error);

        // origin has the branch: one commit on main's tip, adding only the request file.
        using (var bare = new Repository(remote.Bare))
        {
            var tip = bare.Branches[Branch].Tip;
            Assert.Equal(mainBefore, Assert.Single(tip.Parents).Sha);
            var change = Assert.Single(bare.Diff.Compare<TreeChanges>(tip.Parents.Single().Tree, tip.Tree));
            Assert.Equal((ChangeKind.Added, File), (change.Status, change.Path));
            Assert.StartsWith("# yaml-language-server: $schema=../../schemas/access-request.schema.json\nrequester: alice\n", ((Blob)tip[File].Target).GetContentText(), StringComparison.Ordinal);
            Assert.Equal("Alice Example", tip.Author.Name);
            Assert.Equal(mainBefore, bare.Branches["main"].Tip.Sha);
        }

        // The pull request, as GitHub holds it.
        using var http = new HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("test");
        http.DefaultRequestHeaders.Authorization = new("token", token);
        using var pull = JsonDocument.Parse(await http.GetStringAsync(new Uri(remote.GitHub.ApiUrl, "api/v3/repos/acme/access/pulls/1")));
        var root = pull.RootElement;
        Assert.Equal("open", root.GetProperty("state").GetString());
        Assert.Equal("alice", root.GetProperty("user").GetProperty("login").GetString());
        Assert.Equal(Branch, root.GetProperty("head").GetProperty("ref").GetString());
        Assert.Equal("main", root.GetProperty("base").GetProperty("ref").GetString());
        Assert.Equal(mainBefore, root.GetProperty("base").GetProperty("sha").GetString());
        Assert.Equal("Access request: read-only on orders-db for 2h (alice)", root.GetProperty("title").GetString());
        Assert.Contains($"> {Reason}", root.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains($"`{File}`", root.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, root.GetProperty("changed_files").GetInt32());

        // The requester's own working tree, index and HEAD are as they were; the local branch is there to follow up on.
        using var clone = new Repository(remote.Clone);
        Assert.Equal("main", clone.Head.FriendlyName);
        Assert.False(clone.RetrieveStatus().IsDirty);
        Assert.Equal([Branch, "main"], remote.LocalBranches());
    }

    [Fact]
    public async Task Request_FromAnotherBranch_StillStartsFromMain_AndSaysWhichPoliciesItCheckedAgainst()
    {
        await using var remote = await AccessRemote.StartAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");
        using (var clone = new Repository(remote.Clone)) LibGit2Sharp.Commands.Checkout(clone, clone.Branches.Add("wip", clone.Head.Tip));

        var (exitCode, _, error) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.True(exitCode == ExitCodes.Clean, error);
        Assert.Contains("gitjit request: note: checked against the policies in your working tree, which is on wip, not main", error, StringComparison.Ordinal);
        using var bare = new Repository(remote.Bare);
        Assert.Equal(remote.MainTip(), bare.Branches[Branch].Tip.Parents.Single().Sha);
        using var pulled = new Repository(remote.Clone);
        Assert.Equal("wip", pulled.Head.FriendlyName);
    }

    [Fact]
    public async Task Request_TakesTheTokenFromGhsHostsFile_WhenNoVariableHasOne()
    {
        await using var remote = await AccessRemote.StartAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");
        var gh = Directory.CreateDirectory(Path.Combine(remote.Folder, "gh")).FullName;
        await System.IO.File.WriteAllTextAsync(Path.Combine(gh, "hosts.yml"),
            $"{remote.GitHub.ApiUrl.Authority}:\n    users:\n        alice:\n            oauth_token: {token}\n    git_protocol: https\n    oauth_token: {token}\n    user: alice\n");

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(("GH_CONFIG_DIR", gh)), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.True(exitCode == ExitCodes.Clean, error);
        Assert.EndsWith("/acme/access/pull/1\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        AssertNoToken(token, output, error);
    }

    [Fact]
    public async Task Request_WithoutAToken_SaysWhereATokenComesFrom_AndCreatesNothing()
    {
        await using var remote = await AccessRemote.StartAsync();

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith("gitjit request: no GitHub token", error, StringComparison.Ordinal);
        foreach (var source in new[] { "GITHUB_TOKEN", "GH_TOKEN", "gh auth login", "hosts.yml", "--dry-run" }) Assert.Contains(source, error, StringComparison.Ordinal);
        Assert.Equal(["main"], remote.LocalBranches());
        Assert.Equal(["main"], remote.RemoteBranches());
    }

    [Fact]
    public async Task Request_Invalid_ExitsOne_AndCreatesNoBranchNoFileNoPullRequest()
    {
        await using var remote = await AccessRemote.StartAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(("GH_TOKEN", token)), TimeProvider.System,
            "request", "orders-db", "--role", "read-only", "--for", "9h", "--reason", Reason, "--repo", remote.Clone);

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains($"{File}:5:11: error: duration 9h is longer than the read-only role allows (4h) [request.duration-too-long]", output, StringComparison.Ordinal);
        Assert.Contains("nothing was written, no branch made", error, StringComparison.Ordinal);
        Assert.Equal(["main"], remote.LocalBranches());
        Assert.Equal(["main"], remote.RemoteBranches());
        Assert.False(System.IO.File.Exists(Path.Combine(remote.Clone, File)));
        Assert.Equal(0, remote.GitHub.Requests("POST", "/repos/acme/access/pulls"));
        AssertNoToken(token, output, error);
    }

    [Fact]
    public async Task Request_WithTheFileAlreadyInTheWorkingTree_IsRefused()
    {
        await using var remote = await AccessRemote.StartAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(remote.Clone, File))!);
        await System.IO.File.WriteAllTextAsync(Path.Combine(remote.Clone, File), "requester: alice\n");

        var (exitCode, _, error) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Contains($"gitjit request: {File} is already in the working tree", error, StringComparison.Ordinal);
        Assert.Equal(["main"], remote.RemoteBranches());
        Assert.Equal("requester: alice\n", await System.IO.File.ReadAllTextAsync(Path.Combine(remote.Clone, File)));
    }

    [Fact]
    public async Task Request_WhenItsBranchIsAlreadyThere_IsRefusedBeforeAnythingIsPushed()
    {
        await using var remote = await AccessRemote.StartAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");
        using (var clone = new Repository(remote.Clone)) clone.Branches.Add(Branch, clone.Head.Tip);

        var (exitCode, _, error) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Contains($"gitjit request: a branch {Branch} already exists", error, StringComparison.Ordinal);
        Assert.Equal(["main"], remote.RemoteBranches());
        Assert.Equal(0, remote.GitHub.Requests("POST", "/repos/acme/access/pulls"));
    }

    [Fact]
    public async Task Request_WhenOriginRefusesThePush_SaysSo_AndLeavesNoBranchAndNoPullRequest()
    {
        await using var remote = await AccessRemote.StartAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");
        var theirs = remote.PushBranchByHand(Branch, "access-requests/orders-db/bob-x.yaml", "requester: bob\n");

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Equal("", output);
        Assert.Contains($"gitjit request: pushing {Branch} to origin failed: origin already has a branch {Branch} with other commits; nothing was requested", error, StringComparison.Ordinal);
        Assert.Equal(["main"], remote.LocalBranches());
        using (var bare = new Repository(remote.Bare)) Assert.Equal(theirs, bare.Branches[Branch].Tip.Sha);
        Assert.Equal(0, remote.GitHub.Requests("POST", "/repos/acme/access/pulls"));
        AssertNoToken(token, output, error);
    }

    [Fact]
    public async Task Request_WhenGitHubRefusesThePullRequest_SaysWhatGitHubSaid_AndWhereToOpenIt()
    {
        await using var remote = await AccessRemote.StartAsync();
        var token = remote.GitHub.CreatePersonalAccessToken("alice");
        using var refusal = remote.GitHub.Fail((method, path) => method == "POST" && path == "/api/v3/repos/acme/access/pulls", 1,
            GitHubFault.ValidationFailed("PullRequest", $"A pull request already exists for acme:{Branch}."));

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Equal("", output);
        Assert.Contains(
            $"gitjit request: GitHub answered 422 Unprocessable Entity to POST /repos/acme/access/pulls: Validation Failed (A pull request already exists for acme:{Branch}.); "
            + $"the branch {Branch} is pushed: open the pull request at {remote.GitHub.WebUrl}acme/access/compare/main...{Branch}",
            error, StringComparison.Ordinal);
        Assert.Contains(Branch, remote.RemoteBranches());
        AssertNoToken(token, output, error);
    }

    [Fact]
    public async Task Request_WithATokenGitHubDoesNotKnow_SaysBadCredentials_WithoutTheToken()
    {
        await using var remote = await AccessRemote.StartAsync();
        const string token = "ghp_NotATokenTheFakeIssued0123456789abcd";

        var (exitCode, output, error) = await CliRun.RunAsync(remote.Environment(("GITHUB_TOKEN", token)), TimeProvider.System, [.. Request, "--repo", remote.Clone]);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Contains("gitjit request: GitHub answered 401 Unauthorized to GET /user: Bad credentials", error, StringComparison.Ordinal);
        Assert.Equal(["main"], remote.RemoteBranches());
        AssertNoToken(token, output, error);
    }

    private static void AssertNoToken(string token, params string[] texts)
    {
        foreach (var text in texts) Assert.DoesNotContain(token, text, StringComparison.Ordinal);
    }
}
