using System.Text.Json.Nodes;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;

namespace GitJit.Server.Tests;

/// <summary>
/// A GitHub (the fake) with the App installed on acme, acme's teams, and an access repository whose base commit is
/// this checkout's own example access repository.
/// </summary>
internal sealed class FlowWorld : IAsyncDisposable
{
    public const string Secret = "webhook secret for the flow tests";
    public const long AppId = 101;
    public const long InstallationId = 7;
    public const string PublicUrl = "https://gitjit.example.test/";
    public const string Admin = "root-admin";
    public const string GatewayHost = "gateway.example.test";
    public const int GatewayPort = 6432;

    private long lastCommentId = 492700400;

    private FlowWorld(FakeGitHubServer github, FakeApp app, FakeRepository repository, string baseSha)
    {
        GitHub = github;
        App = app;
        Repository = repository;
        BaseSha = baseSha;
    }

    public FakeGitHubServer GitHub { get; }

    public FakeApp App { get; }

    public FakeRepository Repository { get; }

    public string BaseSha { get; }

    /// <summary>This world's server data (audit mirrors, the list of access repositories), removed with the world.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "gitjit-tests", Guid.NewGuid().ToString("N"));

    /// <param name="adjust">Changes to the example files before they become the base commit (path, old text, new text).</param>
    public static Task<FlowWorld> CreateAsync(params (string Path, string Old, string New)[] adjust) => CreateAsync(TimeProvider.System, adjust);

    /// <param name="time">The fake GitHub's clock (when pull requests, comments and events happen, and tokens expire).</param>
    /// <param name="adjust">Changes to the example files before they become the base commit (path, old text, new text).</param>
    public static async Task<FlowWorld> CreateAsync(TimeProvider time, params (string Path, string Old, string New)[] adjust)
    {
        var github = await FakeGitHubServer.StartAsync(time);
        var app = github.RegisterApp(AppId);
        app.AddInstallation(InstallationId, "acme");
        github.AddTeam("acme", "engineering", "alice", "bob", "carol");
        github.AddTeam("acme", "support-leads");
        github.AddTeam("acme", "orders-dba", "olga", "alice");
        var repository = github.AddRepository("acme", "access");
        var tree = new FakeTree();
        foreach (var (path, content) in ProjectFiles.ExampleFiles())
        {
            var changes = adjust.Where(a => a.Path == path).ToList();
            if (changes.Count == 0) tree.With(path, content);
            else tree.With(path, changes.Aggregate(System.Text.Encoding.UTF8.GetString(content), (text, a) => text.Replace(a.Old, a.New, StringComparison.Ordinal)));
        }
        return new FlowWorld(github, app, repository, repository.Commit(tree));
    }

    /// <summary>Server settings for this world's App, plus any extra ones.</summary>
    public Dictionary<string, string?> Settings(string? connectionString = null)
    {
        var settings = ServerUnderTest.Settings(GitHub.ApiUrl, AppId, App.PrivateKeyPem, Secret);
        settings["GitJit:PublicUrl"] = PublicUrl;
        settings["GitJit:Admins:0"] = Admin;
        settings["GitJit:GitHub:ClientId"] = App.ClientId;
        settings["GitJit:GitHub:ClientSecret"] = App.ClientSecret;
        settings["GitJit:GitHub:WebUrl"] = GitHub.WebUrl.ToString();
        settings["GitJit:DataDirectory"] = DataDirectory;
        // Each worker may hold a PostgreSQL connection; many servers come and go in one test run.
        settings["GitJit:Worker:Count"] = "5";
        // Where requesters are sent for grants whose sessions must go through the gateway (the example read-only role's).
        settings["GitJit:Gateway:PublicHost"] = GatewayHost;
        settings["GitJit:Gateway:PublicPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (connectionString is not null) settings["ConnectionStrings:GitJit"] = connectionString;
        return settings;
    }

    /// <summary>Alice opens a pull request into main that adds <paramref name="request"/> in one commit on the base commit.</summary>
    public FakePullRequest Open(string request) => Open(Requests.AlicePath, request);

    /// <summary>Alice opens a pull request into main that adds (or changes) the file at <paramref name="path"/> in one commit on the base commit.</summary>
    public FakePullRequest Open(string path, string content)
    {
        var head = Repository.CommitWithParents(Repository.TreeAt(BaseSha).Clone().With(path, content), BaseSha);
        return Repository.OpenPullRequest("alice", BaseSha, head);
    }

    /// <summary>GitHub's recorded payload for the event, pointed at this pull request, repository and installation.</summary>
    public string Payload(string eventName, string action, FakePullRequest pullRequest)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", $"{eventName}.{action}.json")))!;
        if (action == "closed")
        {
            json["pull_request"]!["merged"] = pullRequest.IsMerged;
            json["pull_request"]!["merge_commit_sha"] = pullRequest.MergeCommitSha;
        }
        if (json["number"] is not null) json["number"] = pullRequest.Number;
        json["pull_request"]!["number"] = pullRequest.Number;
        json["pull_request"]!["head"]!["sha"] = pullRequest.HeadSha;
        // A review event names its review, so two reviews never make the same body.
        if (json["review"] is { } review && pullRequest.Reviews is [.., var latest]) review["id"] = latest.Id;
        json["repository"]!["name"] = Repository.Name;
        json["repository"]!["full_name"] = Repository.FullName;
        json["repository"]!["owner"]!["login"] = Repository.Owner;
        json["installation"]!["id"] = InstallationId;
        return json.ToJsonString();
    }

    /// <summary>GitHub's recorded <c>issue_comment</c> payload: <paramref name="author"/> commented <paramref name="body"/> on the pull request.</summary>
    public string CommentPayload(FakePullRequest pullRequest, string body, string author = "alice", string type = "User")
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", "issue_comment.created.json")))!;
        json["issue"]!["number"] = pullRequest.Number;
        json["issue"]!["pull_request"] = new JsonObject { ["url"] = $"{GitHub.ApiUrl}api/v3/repos/{Repository.FullName}/pulls/{pullRequest.Number}" };
        // Every comment is a new one, with its own id, as on GitHub.
        json["comment"]!["id"] = Interlocked.Increment(ref lastCommentId);
        json["comment"]!["body"] = body;
        json["comment"]!["user"]!["login"] = author;
        json["comment"]!["user"]!["id"] = GitHub.UserId(author);
        json["comment"]!["user"]!["type"] = type;
        json["repository"]!["name"] = Repository.Name;
        json["repository"]!["full_name"] = Repository.FullName;
        json["repository"]!["owner"]!["login"] = Repository.Owner;
        json["installation"]!["id"] = InstallationId;
        return json.ToJsonString();
    }

    /// <summary>Waits until check run number <paramref name="count"/> exists and every job queued on <paramref name="server"/> has finished.</summary>
    public async Task<FakeCheckRun> CheckRunAsync(ServerUnderTest server, string headSha, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (GitHub.CheckRuns.Count(c => c.HeadSha == headSha) < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"no check run #{count} on {headSha} within 30 s\n" + server.JobTroubles());
            await Task.Delay(50);
        }
        await server.JobsDoneAsync();
        return GitHub.CheckRuns.Where(c => c.HeadSha == headSha).ElementAt(count - 1);
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        try
        {
            if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server still shutting down may hold a mirror open; the folder is under the temp path anyway.
        }
    }
}
