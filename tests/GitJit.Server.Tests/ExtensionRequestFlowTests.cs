using System.Text;
using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;

namespace GitJit.Server.Tests;

/// <summary>
/// Extension that needs approval, end to end: the example read-only role (maxDuration 4h, one code-owner approval) is
/// not extended without approval, so the requester's <c>/gitjit extend</c> has GitJit's App open an extension request,
/// a code owner approves it, and merging it extends the grant in place — in a real PostgreSQL target, with the records in
/// a bare git remote and the fake GitHub driven through Octokit.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class ExtensionRequestFlowTests : IAsyncLifetime
{
    private const string Bot = "gitjit[bot]";

    private RealGrantWorld real = null!;

    /// <summary>Reminders 4 s before expiry: a grant of more than 8 s gets one.</summary>
    public async Task InitializeAsync() => real = await RealGrantWorld.StartAsync(settings => settings["GitJit:ExpiryReminder"] = "00:00:04");

    public async Task DisposeAsync() => await real.DisposeAsync();

    [Fact]
    public async Task TheRequestersExtend_OpensAnExtensionRequest_WhoseApprovedMerge_ExtendsTheSameRole_AndMovesItsRevocation()
    {
        var original = real.World.Open(Requests.AliceWith("duration", "15s").Replace("reason: Investigate", "ticket: INC-4211\nreason: Investigate", StringComparison.Ordinal));
        await real.MergeAsync(original);
        var access = Assert.Single(await real.AccessAsync());

        var asked = real.World.CommentPayload(original, "/gitjit extend 10s", "alice");
        await DeliverAsync("issue_comment", asked);

        var extension = Assert.Single(real.World.Repository.PullRequests, p => p.Number != original.Number);
        Assert.Equal((Bot, $"gitjit/extend-{original.Number}-", "main"), (extension.Author, extension.HeadRef[..^Digits(extension.HeadRef)], extension.BaseRef));
        var file = Assert.Single(real.World.Repository.TreeAt(extension.HeadSha).Entries, e => !real.World.Repository.TreeAt(extension.BaseSha).Entries.ContainsKey(e.Key));
        Assert.Equal("access-requests/orders-db/alice-2-extend-1.yaml", file.Key);
        Assert.Equal($"""
            # yaml-language-server: $schema=../../schemas/access-request.schema.json
            requester: "alice"
            resource: "orders-db"
            role: "read-only"
            duration: "10s"
            reason: "extends #{original.Number}: Investigate stuck orders after deploy 4711"
            ticket: "INC-4211"
            extends: {original.Number}

            """, Encoding.UTF8.GetString(file.Value.Content.Span).Replace("\r", "", StringComparison.Ordinal));
        Assert.Contains($"opened extension request #{extension.Number}", LastReply(original), StringComparison.Ordinal);

        // The same comment again (GitHub redelivers, a job is retried): the same pull request, one reply.
        var replies = real.World.Repository.Comments(original.Number).Count;
        await DeliverAsync("issue_comment", asked);
        Assert.Equal(2, real.World.Repository.PullRequests.Count);
        Assert.Equal(replies, real.World.Repository.Comments(original.Number).Count);

        // Evaluated like any request: the plan says what merging does; the requester's own approval would not count.
        await DeliverAsync("pull_request", real.World.Payload("pull_request", "opened", extension));
        var plan = Assert.Single(real.World.Repository.Comments(extension.Number), c => c.Body.Contains("gitjit:plan", StringComparison.Ordinal)).Body;
        Assert.Contains($"**Extends #{original.Number}; adds 10s**", plan, StringComparison.Ordinal);
        Assert.Contains("waiting for approval", plan, StringComparison.Ordinal);

        extension.AddReview("olga", "APPROVED");
        await MergeAsync(extension);

        var extended = Assert.Single(await real.AccessAsync());
        Assert.Equal((access.Principal, access.ExpiresAt + TimeSpan.FromSeconds(10)), (extended.Principal, extended.ExpiresAt));
        var record = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Extended);
        Assert.Equal($"audit/{original.Number}/extended-1.json", record.Path);
        Assert.Equal((extended.ExpiresAt, TimeSpan.FromSeconds(10), "alice", extension.Number, extension.MergeCommitSha),
            (record.Record.ExpiresAt!.Value, record.Record.Extension!.Value, record.Record.By, record.Record.ExtensionPullRequest, record.Record.MergeCommit));
        Assert.Equal("olga", Assert.Single(record.Record.Approvals!).Reviewer);
        Assert.DoesNotContain(real.History, e => e.Record.PullRequest == extension.Number);
        Assert.Contains("now ends at", Comment(extension.Number, "⏱️"), StringComparison.Ordinal);
        Assert.Contains($"Approved in #{extension.Number}.", Comment(original.Number, "⏱️ `@alice` extended this grant by **10s**"), StringComparison.Ordinal);

        // The merge delivered again extends nothing more.
        await real.DeliverClosedAsync(extension);
        Assert.Single(real.History, e => e.Record.Event == AuditEvent.Extended);
        Assert.Equal(extended.ExpiresAt, Assert.Single(await real.AccessAsync()).ExpiresAt);

        // Past the old expiry the role lives on; past the new one it is gone, revoked at the new expiry.
        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(2));
        await real.Server.JobsDoneAsync();
        Assert.Single(await real.AccessAsync());

        // Shortly before the new expiry the requester is told how to go on: another extension request, approved again.
        await Task.Delay(extended.ExpiresAt - TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Contains(real.World.Repository.Comments(original.Number), c => c.Body.Contains('⏳', StringComparison.Ordinal)
            && c.Body.Contains($"ends at **{extended.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC**", StringComparison.Ordinal)
            && c.Body.Contains("GitJit opens an extension request for a code owner to approve", StringComparison.Ordinal));
        await Task.Delay(extended.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3));
        await real.Server.JobsDoneAsync();
        Assert.Empty(await real.AccessAsync());
        var revoked = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Revoked).Record;
        Assert.Equal(extended.ExpiresAt, revoked.ExpiresAt);
        var verification = AuditVerifier.Verify(real.History.Select(e => e.Record), TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(2.5));
        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
    }

    [Fact]
    public async Task ABranchSomeoneMadeFirst_UnderTheNameTheBotWouldUse_GetsNoPullRequestFromTheBot()
    {
        var original = real.World.Open(Requests.AliceWith("duration", "15s"));
        await real.MergeAsync(original);
        var asked = real.World.CommentPayload(original, "/gitjit extend 10s", "alice");
        var commentId = System.Text.Json.Nodes.JsonNode.Parse(asked)!["comment"]!["id"]!.GetValue<long>();
        // Mallory guesses the branch from the comment and gets there first, with a request of her own under the same name.
        var repository = real.World.Repository;
        var mine = Requests.AliceWith("requester", "mallory").Replace("duration: 2h", "duration: 10s", StringComparison.Ordinal) + $"\nextends: {original.Number}";
        repository.SetBranch($"gitjit/extend-{original.Number}-{commentId}",
            repository.Commit(repository.TreeAt(real.World.BaseSha).Clone().With("access-requests/orders-db/alice-2-extend-1.yaml", mine), real.World.BaseSha));

        await DeliverAsync("issue_comment", asked);

        Assert.Equal([original.Number], repository.PullRequests.Select(p => p.Number));
        Assert.Contains("already holds an extension request GitJit did not write; nothing was opened", LastReply(original), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtensionsThatMayNotBe_AreRefused_AndChangeNothing()
    {
        var original = real.World.Open(Requests.AliceWith("duration", "3h"));
        await real.MergeAsync(original);
        var access = Assert.Single(await real.AccessAsync());

        // Someone else, or more than the role's maximum: told why, and no pull request is opened.
        await real.CommentAsync(original, "/gitjit extend 30m", "bob");
        Assert.Contains("only the requester (`@alice`) may extend this grant", LastReply(original), StringComparison.Ordinal);
        await real.CommentAsync(original, "/gitjit extend 2h", "alice");
        Assert.Contains("would make this grant last 5h in all, and the role `read-only` allows at most 4h", LastReply(original), StringComparison.Ordinal);
        Assert.Single(real.World.Repository.PullRequests);

        // The bot's extension request merged without a code owner's approval: refused on its own pull request.
        await real.CommentAsync(original, "/gitjit extend 30m", "alice");
        var unapproved = real.World.Repository.PullRequests[^1];
        Assert.Equal(Bot, unapproved.Author);
        await real.CommentAsync(original, "/gitjit extend 10m", "alice");
        Assert.Contains($"extension request #{unapproved.Number}", LastReply(original), StringComparison.Ordinal);
        Assert.Contains("is still open", LastReply(original), StringComparison.Ordinal);
        await MergeAsync(unapproved);
        Assert.Contains("pr.merged-without-approval", Refusal(unapproved.Number), StringComparison.Ordinal);

        // Someone else's hand-written extension of alice's grant, approved: refused on merge.
        var bobs = Open("bob", "access-requests/orders-db/bob-extends.yaml", Extension("bob", original.Number, "30m"));
        bobs.AddReview("olga", "APPROVED");
        await MergeAsync(bobs);
        Assert.Contains($"#{original.Number} was granted to 'alice', not 'bob'", Refusal(bobs.Number), StringComparison.Ordinal);

        // Alice's own, by hand: extended (3h + 1h, the role's 4h).
        var hers = Open("alice", "access-requests/orders-db/alice-by-hand.yaml", Extension("alice", original.Number, "1h"));
        hers.AddReview("olga", "APPROVED");
        await MergeAsync(hers);
        Assert.Equal(access.ExpiresAt + TimeSpan.FromHours(1), Assert.Single(await real.AccessAsync()).ExpiresAt);
        Assert.Equal(hers.Number, Assert.Single(real.History, e => e.Record.Event == AuditEvent.Extended).Record.ExtensionPullRequest);

        // Approved while it fit, merged when it no longer does: refused, the total as it would be.
        var late = Open("alice", "access-requests/orders-db/alice-late.yaml", Extension("alice", original.Number, "30m"));
        late.AddReview("olga", "APPROVED");
        await MergeAsync(late);
        Assert.Contains("would make this grant last 4h30m in all", Refusal(late.Number), StringComparison.Ordinal);

        Assert.Equal(access.ExpiresAt + TimeSpan.FromHours(1), Assert.Single(await real.AccessAsync()).ExpiresAt);
        Assert.Single(real.History, e => e.Record.Event == AuditEvent.Extended);
        var verification = AuditVerifier.Verify(real.History.Select(e => e.Record), TimeProvider.System.GetUtcNow());
        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
    }

    [Fact]
    public async Task AnExtensionRequestMergedAfterItsGrantEnded_IsRefused_AndRevivesNothing()
    {
        var original = real.World.Open(Requests.AliceWith("duration", "8s"));
        await real.MergeAsync(original);
        var access = Assert.Single(await real.AccessAsync());
        await real.CommentAsync(original, "/gitjit extend 1h", "alice");
        var extension = real.World.Repository.PullRequests[^1];
        Assert.Equal(Bot, extension.Author);

        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3));
        await real.Server.JobsDoneAsync();
        Assert.Empty(await real.AccessAsync());
        extension.AddReview("olga", "APPROVED");
        await MergeAsync(extension);

        Assert.Contains("this grant has already been revoked", Refusal(extension.Number), StringComparison.Ordinal);
        Assert.Empty(await real.AccessAsync());
        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.Extended);
        Assert.Contains("cannot be extended", real.World.Repository.Comments(extension.Number)[^1].Body, StringComparison.Ordinal);
    }

    private static string Extension(string requester, int extends, string duration) => $"""
        requester: {requester}
        resource: orders-db
        role: read-only
        duration: {duration}
        reason: Still investigating stuck orders after deploy 4711
        extends: {extends}
        """;

    /// <summary><paramref name="author"/> opens a pull request adding <paramref name="content"/> at <paramref name="path"/> on main as it is now.</summary>
    private FakePullRequest Open(string author, string path, string content)
    {
        var main = real.World.Repository.PullRequests.Where(p => p.IsMerged).Select(p => p.MergeCommitSha!).LastOrDefault() ?? real.World.BaseSha;
        var head = real.World.Repository.CommitWithParents(real.World.Repository.TreeAt(main).Clone().With(path, content), main);
        return real.World.Repository.OpenPullRequest(author, main, head);
    }

    /// <summary>Merges the pull request onto main as it is now (its head's tree on top of the last merge) and delivers "closed".</summary>
    private async Task MergeAsync(FakePullRequest pullRequest)
    {
        var main = real.World.Repository.PullRequests.Where(p => p.IsMerged).Select(p => p.MergeCommitSha!).LastOrDefault() ?? real.World.BaseSha;
        var tree = real.World.Repository.TreeAt(main).Clone();
        foreach (var (path, entry) in real.World.Repository.TreeAt(pullRequest.HeadSha).Entries.Where(e => e.Key.StartsWith("access-requests/", StringComparison.Ordinal)))
        {
            tree.With(path, entry.Content.ToArray());
        }
        pullRequest.Merge(real.World.Repository.Commit(tree, main));
        await real.DeliverClosedAsync(pullRequest);
    }

    private async Task DeliverAsync(string eventName, string payload)
    {
        using (var response = await real.World.GitHub.SendWebhookAsync(real.Server.WebhookUrl, eventName, payload, FlowWorld.Secret))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        await real.Server.JobsDoneAsync();
    }

    private string Refusal(int pullRequest)
    {
        var refused = Assert.Single(real.History, e => e.Record.PullRequest == pullRequest).Record;
        Assert.Equal(AuditEvent.Refused, refused.Event);
        return string.Join("\n", refused.Problems!);
    }

    private string LastReply(FakePullRequest pullRequest) => real.World.Repository.Comments(pullRequest.Number)[^1].Body;

    private string Comment(int pullRequest, string containing) =>
        Assert.Single(real.World.Repository.Comments(pullRequest), c => c.Body.Contains(containing, StringComparison.Ordinal)).Body;

    private static int Digits(string text) => text.Reverse().TakeWhile(char.IsAsciiDigit).Count();
}
