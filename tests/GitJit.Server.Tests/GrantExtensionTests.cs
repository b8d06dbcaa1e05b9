using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// <c>/gitjit extend</c> end to end: a real PostgreSQL target, a bare git remote for the records, the fake GitHub
/// driven through Octokit. The example read-only role (maxDuration 4h) is made extendable without approval.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class GrantExtensionTests : IAsyncLifetime
{
    private RealGrantWorld real = null!;

    /// <summary>Reminders 4 s before expiry: a grant of more than 8 s gets one.</summary>
    public async Task InitializeAsync() => real = await RealGrantWorld.StartAsync(settings => settings["GitJit:ExpiryReminder"] = "00:00:04", policy: [RealGrantWorld.Extendable]);

    public async Task DisposeAsync() => await real.DisposeAsync();

    [Fact]
    public async Task TheRequester_ExtendsAnActiveGrant_InPlace_TheSessionGoesOnPastTheOldExpiry_AndEndsAtTheNewOne()
    {
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "12s"));
        await real.MergeAsync(pullRequest);
        var access = Assert.Single(await real.AccessAsync());
        var provider = real.Server.Services.GetRequiredService<AccessProviders>().For("postgres");
        var credentials = await provider.IssueCredentialsAsync(access, CancellationToken.None);
        real.Secrets.Add("the role's password", credentials.Secret);
        var login = new NpgsqlConnectionStringBuilder(real.Target) { Username = credentials.User, Password = credentials.Secret, Pooling = false }.ConnectionString;
        await using var session = new NpgsqlConnection(login);
        await session.OpenAsync();

        await real.CommentAsync(pullRequest, "/gitjit extend 8s", "alice");

        var reply = real.World.Repository.Comments(pullRequest.Number)[^1].Body;
        Assert.Contains("extended this grant by **8s**", reply, StringComparison.Ordinal);
        Assert.Contains("20s in all, of at most 4h", reply, StringComparison.Ordinal);
        var extended = Assert.Single(await real.AccessAsync());
        Assert.Equal((access.Principal, access.ExpiresAt + TimeSpan.FromSeconds(8)), (extended.Principal, extended.ExpiresAt));
        Assert.Equal(extended.ExpiresAt.UtcTicks / 10, (await ValidUntilAsync(access.Principal)).UtcTicks / 10);

        // Past the old expiry: the same session, the same password, the same role.
        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(2));
        await real.Server.JobsDoneAsync();
        Assert.Equal(2L, await ScalarAsync(session, "select count(*) from public.orders"));
        await using (var again = new NpgsqlConnection(login))
        {
            await again.OpenAsync();
        }
        Assert.Contains(real.Logs.All, l => l.Contains("moved to", StringComparison.Ordinal) && l.Contains(access.GrantId, StringComparison.Ordinal));
        // The reminder due before the old expiry saw the extension: none was posted for a time that no longer holds.
        Assert.DoesNotContain(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains('⏳', StringComparison.Ordinal));

        // Shortly before the new expiry, the requester is told, once, when it ends and how to extend it again.
        await Task.Delay(extended.ExpiresAt - TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(1));
        var reminder = Assert.Single(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains('⏳', StringComparison.Ordinal)).Body;
        Assert.Contains($"@alice this grant ends at **{extended.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC**", reminder, StringComparison.Ordinal);
        Assert.Contains("comment `/gitjit extend 30m` here", reminder, StringComparison.Ordinal);

        // Past the new one: the session is cut and the role is gone.
        await Task.Delay(extended.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3));
        await real.Server.JobsDoneAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(session, "select 1"));
        Assert.Empty(await real.AccessAsync());

        var history = AuditHistory.Read(real.Remote, since: null, "refs/heads/main");
        Assert.Empty(history.Anomalies);
        var n = pullRequest.Number;
        Assert.Equal([$"audit/{n}/extended-1.json", $"audit/{n}/granted.json", $"audit/{n}/revoked.json"], history.Entries.Select(e => e.Path).Order());
        var record = history.Entries.Single(e => e.Record.Event == AuditEvent.Extended).Record;
        Assert.Equal((extended.ExpiresAt, TimeSpan.FromSeconds(8), "alice", 1), (record.ExpiresAt!.Value, record.Extension!.Value, record.By!, record.Sequence!.Value));
        Assert.NotNull(record.CommentId);
        var revoked = history.Entries.Single(e => e.Record.Event == AuditEvent.Revoked).Record;
        Assert.Equal(extended.ExpiresAt, revoked.ExpiresAt);
        var verification = AuditVerifier.Verify(history.Entries.Select(e => e.Record), TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(2.5));
        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
        Assert.Equal(extended.ExpiresAt, Assert.Single(verification.Timeline).ExpiresAt);
        real.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task Extensions_AreRefusedWithAReason_AndChangeNothing_UnlessTheRequesterAsksWithinTheRolesMaximum()
    {
        var open = real.World.Open(Requests.AliceWith("duration", "3h"));
        await real.CommentAsync(open, "/gitjit extend 1h", "alice");
        Assert.Contains("this pull request is not merged", LastReply(open), StringComparison.Ordinal);

        await real.MergeAsync(open);
        var access = Assert.Single(await real.AccessAsync());

        await real.CommentAsync(open, "/gitjit extend 30m", "bob");
        Assert.Contains("only the requester (`@alice`) may extend this grant", LastReply(open), StringComparison.Ordinal);
        await real.CommentAsync(open, "/gitjit extend", "alice");
        Assert.Contains("say by how long", LastReply(open), StringComparison.Ordinal);
        await real.CommentAsync(open, "/gitjit extend soon", "alice");
        Assert.Contains("`soon` is not a duration", LastReply(open), StringComparison.Ordinal);
        await real.CommentAsync(open, "/gitjit extend 2h", "alice");
        Assert.Contains("would make this grant last 5h in all, and the role `read-only` allows at most 4h; it can be extended by at most 1h more", LastReply(open), StringComparison.Ordinal);
        Assert.Equal(access.ExpiresAt, Assert.Single(await real.AccessAsync()).ExpiresAt);
        Assert.DoesNotContain(real.History, e => e.Record.Event == AuditEvent.Extended);

        // Up to the maximum, and not a minute more.
        var asked = real.World.CommentPayload(open, "/gitjit extend 1h", "alice");
        await DeliverAsync(asked);
        Assert.Contains("extended this grant by **1h**", LastReply(open), StringComparison.Ordinal);
        await real.CommentAsync(open, "/gitjit extend 1m", "alice");
        Assert.Contains("it cannot be extended any further", LastReply(open), StringComparison.Ordinal);

        // The same comment delivered again (GitHub redelivers; a job is retried after its record) extends once and replies once.
        var replies = real.World.Repository.Comments(open.Number).Count;
        await DeliverAsync(asked);
        Assert.Equal(replies, real.World.Repository.Comments(open.Number).Count);
        Assert.Single(real.History, e => e.Record.Event == AuditEvent.Extended);
        Assert.Equal(access.ExpiresAt + TimeSpan.FromHours(1), Assert.Single(await real.AccessAsync()).ExpiresAt);

        // A role tightened since the merge is obeyed: the policy on the records branch no longer allows it.
        var second = real.World.Open(Requests.AliceWith("duration", "1h"));
        await real.MergeAsync(second);
        var rules = real.World.Repository.TreeAt(real.World.BaseSha);
        var tightened = System.Text.Encoding.UTF8.GetString(rules.Entries["policies/orders-db.yaml"].Content.Span).Replace("    extendWithoutApproval: true\n", "", StringComparison.Ordinal);
        real.World.Repository.SetBranch("main", real.World.Repository.Commit(rules.With("policies/orders-db.yaml", tightened), real.World.BaseSha));
        await real.CommentAsync(second, "/gitjit extend 30m", "alice");
        Assert.Contains("needs approval to extend, so GitJit opened extension request #", LastReply(second), StringComparison.Ordinal);
        Assert.Equal("gitjit[bot]", real.World.Repository.PullRequests[^1].Author);

        // Nor is a grant that has ended.
        await real.CommentAsync(open, "/gitjit revoke", "alice");
        await real.CommentAsync(open, "/gitjit extend 1m", "alice");
        Assert.Contains("this grant has already been revoked", LastReply(open), StringComparison.Ordinal);
        Assert.Single(real.History, e => e.Record.Event == AuditEvent.Extended);
        var verification = AuditVerifier.Verify(real.History.Select(e => e.Record), TimeProvider.System.GetUtcNow());
        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
    }

    [Fact]
    public async Task AnExtensionThatDiedAfterMovingTheTargetsExpiry_ButBeforeItsRecord_EndsTheAccessAtTheRecordedExpiry()
    {
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "8s"));
        await real.MergeAsync(pullRequest);
        var access = Assert.Single(await real.AccessAsync());
        var provider = real.Server.Services.GetRequiredService<AccessProviders>().For("postgres");

        // What the extender does first, then the process dies: the role says one more hour, git says nothing.
        await provider.ExtendAsync(access, access.ExpiresAt + TimeSpan.FromHours(1), CancellationToken.None);

        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3));
        await real.Server.JobsDoneAsync();
        Assert.Empty(await real.AccessAsync());
        var revoked = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Revoked).Record;
        Assert.Equal(access.ExpiresAt, revoked.ExpiresAt);
        Assert.True(revoked.At - access.ExpiresAt < TimeSpan.FromSeconds(3), $"revoked {revoked.At - access.ExpiresAt} late");
    }

    [Fact]
    public async Task AnExtendedRecordThatNoExtensionMade_KeepsNoAccessPastItsExpiry()
    {
        // Someone who can push to the records branch commits an extension by hand: git says one more hour, the target
        // (which only an extension moves) does not.
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "8s"));
        await real.MergeAsync(pullRequest);
        var access = Assert.Single(await real.AccessAsync());
        var granted = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Granted).Record;
        var location = new AuditLocation(FlowWorld.InstallationId, "acme/access", real.Remote, "main");
        await real.Server.Services.GetRequiredService<IAuditTrail>().AppendAsync(location, granted with
        {
            Event = AuditEvent.Extended,
            At = TimeProvider.System.GetUtcNow(),
            ExpiresAt = access.ExpiresAt + TimeSpan.FromHours(1),
            Extension = TimeSpan.FromHours(1),
            By = "alice",
            Sequence = 1,
            Approvals = null,
            Guardrails = null,
            GrantedAt = null,
            RequestPath = null,
            MergeCommit = null,
        }, CancellationToken.None);
        Assert.Contains(real.History, e => e.Record.Event == AuditEvent.Extended);

        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3));
        await real.Server.JobsDoneAsync();

        Assert.Empty(await real.AccessAsync());
        Assert.DoesNotContain(real.Logs.All, l => l.Contains("moved to", StringComparison.Ordinal));
        var revoked = Assert.Single(real.History, e => e.Record.Event == AuditEvent.Revoked).Record;
        Assert.True(revoked.At - access.ExpiresAt < TimeSpan.FromSeconds(3), $"revoked {revoked.At - access.ExpiresAt} late");
    }

    private string LastReply(FakePullRequest pullRequest) => real.World.Repository.Comments(pullRequest.Number)[^1].Body;

    private async Task DeliverAsync(string payload)
    {
        using (var response = await real.World.GitHub.SendWebhookAsync(real.Server.WebhookUrl, "issue_comment", payload, FlowWorld.Secret))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        await real.Server.JobsDoneAsync();
    }

    private async Task<DateTimeOffset> ValidUntilAsync(string role)
    {
        await using var admin = NpgsqlDataSource.Create(real.Target);
        await using var command = admin.CreateCommand("select rolvaliduntil from pg_roles where rolname = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        return (DateTime)(await command.ExecuteScalarAsync())! is var at ? new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero) : default;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection session, string sql)
    {
        await using var command = new NpgsqlCommand(sql, session);
        return await command.ExecuteScalarAsync();
    }
}
