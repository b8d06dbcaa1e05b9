using GitJit.Core.Audit;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using LibGit2Sharp;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// Someone with write access to the access repository tries to get access the real rules would not give, or to end
/// someone else's, against the real parts: the server, the fake GitHub, a PostgreSQL target and a bare git remote.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class ApprovalBypassTests : IAsyncLifetime
{
    private RealGrantWorld real = null!;

    public async Task InitializeAsync() => real = await RealGrantWorld.StartAsync();

    public async Task DisposeAsync() => await real.DisposeAsync();

    [Fact]
    public async Task RequestMergedIntoABranchWithWidenedRulesAndAFriendAsOwner_GrantsNothing_AndTheRefusalIsOnMain()
    {
        var pullRequest = Attacks.IntoBranchWithItsOwnRules(real.World, "widen", "bob", Requests.AliceWith("duration", "720h"));
        pullRequest.AddReview("bob", "APPROVED");

        pullRequest.Merge(FakeMergeMethod.Merge);
        await real.DeliverClosedAsync(pullRequest);

        Assert.Empty(await real.AccessAsync());
        var refused = Assert.Single(real.History, e => e.Record.PullRequest == pullRequest.Number).Record;
        Assert.Equal(AuditEvent.Refused, refused.Event);
        Assert.StartsWith("pr.base-not-granting: merged into 'widen'", Assert.Single(refused.Problems!), StringComparison.Ordinal);
        Assert.Contains(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("GitJit grants nothing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RebaseMergeWhoseFirstCommitWidensTheRole_GrantsNothing()
    {
        var pullRequest = Attacks.WidenThenRestore(real.World, Attacks.RoleGuardrailsRequest);
        pullRequest.AddReview("olga", "APPROVED");

        pullRequest.Merge(FakeMergeMethod.Rebase);
        await real.DeliverClosedAsync(pullRequest);

        Assert.Empty(await real.AccessAsync());
        var refused = Assert.Single(real.History, e => e.Record.PullRequest == pullRequest.Number).Record;
        Assert.Equal(AuditEvent.Refused, refused.Event);
        Assert.All(refused.Problems!, p => Assert.StartsWith("pr.commit-changes-more: ", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApprovedRequestOfTwoCommits_RebaseMerged_GetsExactlyTheRealRolesPrivileges()
    {
        var repository = real.World.Repository;
        var first = repository.CommitWithParents(repository.TreeAt(real.World.BaseSha).With(Requests.AlicePath, Requests.AliceWith("duration", "1h")), real.World.BaseSha);
        var second = repository.CommitWithParents(repository.TreeAt(first).With(Requests.AlicePath, Attacks.RoleGuardrailsRequest), first);
        var pullRequest = repository.OpenPullRequest("alice", real.World.BaseSha, second);
        pullRequest.AddReview("olga", "APPROVED");

        pullRequest.Merge(FakeMergeMethod.Rebase);
        await real.DeliverClosedAsync(pullRequest);

        var access = Assert.Single(await real.AccessAsync());
        Assert.InRange(access.ExpiresAt - TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
        await using var admin = NpgsqlDataSource.Create(real.Target);
        Assert.Equal(true, await PrivilegeAsync(admin, access.Principal, "public.orders", "select"));
        Assert.Equal(false, await PrivilegeAsync(admin, access.Principal, "public.orders", "truncate"));
        Assert.Equal(false, await PrivilegeAsync(admin, access.Principal, "public.customers_pii", "select"));
    }

    [Fact]
    public async Task ForgedGrantRecordOnAnotherBranch_CannotRevokeSomeoneElsesGrant()
    {
        var victim = await real.GrantAsync("2h");
        var victimAccess = Assert.Single(await real.AccessAsync());

        // mallory writes a "granted" record for her own pull request that names alice's grant, on a branch of her own,
        // and merges a pull request into that branch.
        var forged = new AuditRecord
        {
            Event = AuditEvent.Granted,
            Request = $"acme/access#{victim}",
            At = TimeProvider.System.GetUtcNow(),
            PullRequest = victim + 1,
            Requester = "mallory",
            Provider = "postgres",
            Principal = victimAccess.Principal,
            ExpiresAt = victimAccess.ExpiresAt,
        };
        using (var remote = new Repository(real.Remote))
        {
            var main = remote.Branches["main"].Tip;
            var tree = TreeDefinition.From(main);
            using var content = new MemoryStream(AuditJson.Write(forged));
            tree.Add(AuditPaths.For(forged), remote.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
            var mallory = new Signature("mallory", "mallory@example.test", DateTimeOffset.UnixEpoch);
            var commit = remote.ObjectDatabase.CreateCommit(mallory, mallory, "Totally a record", remote.ObjectDatabase.CreateTree(tree), [main], prettifyMessage: false);
            remote.Refs.Add("refs/heads/private", commit.Id);
        }
        var repository = real.World.Repository;
        var head = repository.CommitWithParents(repository.TreeAt(real.World.BaseSha).With("notes.md", "hi\n"), real.World.BaseSha);
        var pullRequest = repository.OpenPullRequest("mallory", real.World.BaseSha, head, baseRef: "private");
        Assert.Equal(victim + 1, pullRequest.Number);
        pullRequest.Merge(FakeMergeMethod.Squash);

        await real.CommentAsync(pullRequest, "/gitjit revoke", "mallory");

        Assert.Equal(victimAccess.Principal, Assert.Single(await real.AccessAsync()).Principal);
        Assert.Contains(repository.Comments(pullRequest.Number), c => c.Body.Contains("@mallory there is no grant recorded", StringComparison.Ordinal));
        Assert.DoesNotContain(real.History, e => e.Record.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked);
    }

    private static async Task<bool?> PrivilegeAsync(NpgsqlDataSource admin, string role, string table, string privilege)
    {
        await using var command = admin.CreateCommand("select has_table_privilege($1, $2, $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        command.Parameters.Add(new NpgsqlParameter { Value = privilege });
        return (bool?)await command.ExecuteScalarAsync();
    }
}
