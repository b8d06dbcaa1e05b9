using GitJit.Audit;
using GitJit.Core.Grants;
using GitJit.Testing;
using Hangfire;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// The whole life of a grant with every real part: the server and Hangfire, the fake GitHub, a real PostgreSQL target
/// and a real bare git repository as the access repository's remote. Merge → the role reads what it may and nothing
/// else, bound by its statement timeout → expiry → its open session is cut and it cannot log in → the remote holds
/// exactly one granted and one revoked record, each in its own commit with GitJit's trailers.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class GrantLifecycleTests : IAsyncLifetime
{
    private RealGrantWorld real = null!;

    public async Task InitializeAsync() => real = await RealGrantWorld.StartAsync();

    public async Task DisposeAsync() => await real.DisposeAsync();

    [Fact]
    public async Task MergedRequest_BecomesLimitedAccess_ThatEndsOnTime_WithItsStoryInGit()
    {
        var pullRequest = real.World.Open("""
            requester: alice
            resource: orders-db
            role: read-only
            duration: 8s
            reason: Investigate stuck orders after deploy 4711
            guardrails:
              tables: [public.orders]
              statementTimeout: 1s
            """);
        await real.MergeAsync(pullRequest);

        var provider = real.Server.Services.GetRequiredService<AccessProviders>().For("postgres");
        var access = (await provider.ListAsync(CancellationToken.None)).SingleOrDefault(a => a.GrantId == $"acme/access#{pullRequest.Number}");
        Assert.True(access is not null, "not provisioned: " + real.Server.JobTroubles());
        var credentials = await provider.IssueCredentialsAsync(access, CancellationToken.None);
        var login = new NpgsqlConnectionStringBuilder(real.Target) { Username = credentials.User, Password = credentials.Secret, Pooling = false }.ConnectionString;

        await using var session = new NpgsqlConnection(login);
        await session.OpenAsync();
        Assert.Equal(2L, await ScalarAsync(session, "select count(*) from public.orders"));
        Assert.Equal("25006", await SqlStateAsync(session, "insert into public.orders values (3, 'new')"));
        // Read-only is a session default the user may switch off; the privileges are the hard limit.
        Assert.Null(await SqlStateAsync(session, "set default_transaction_read_only = off"));
        Assert.Equal("42501", await SqlStateAsync(session, "insert into public.orders values (3, 'new')"));
        Assert.Equal("42501", await SqlStateAsync(session, "select * from public.customers_pii"));
        Assert.Equal("57014", await SqlStateAsync(session, "select pg_sleep(3)"));
        Assert.Contains(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("🔑 Granted", StringComparison.Ordinal)
            && c.Body.Contains($"{FlowWorld.PublicUrl}grants/acme/access/{pullRequest.Number}", StringComparison.Ordinal)
            && !c.Body.Contains(credentials.Secret, StringComparison.Ordinal));

        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3));
        await real.Server.JobsDoneAsync();

        Assert.NotNull(await SqlStateAsync(session, "select 1"));
        var afterwards = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var again = new NpgsqlConnection(login);
            await again.OpenAsync();
        });
        Assert.Equal("28P01", afterwards.SqlState); // password authentication failed: the role is gone
        Assert.DoesNotContain(await provider.ListAsync(CancellationToken.None), a => a.GrantId == access.GrantId);

        var history = AuditHistory.Read(real.Remote, since: null, "refs/heads/main");
        Assert.Empty(history.Anomalies);
        Assert.Equal([$"audit/{pullRequest.Number}/granted.json", $"audit/{pullRequest.Number}/revoked.json"], history.Entries.Select(e => e.Path).Order());
        using var git = new Repository(real.Remote);
        var commits = git.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = "refs/heads/main" }).ToList();
        Assert.Equal(2, commits.Count);
        Assert.All(commits, c => Assert.Contains($"GitJit-Request: acme/access#{pullRequest.Number}", c.Message, StringComparison.Ordinal));
        Assert.Single(commits, c => c.Message.Contains("GitJit-Event: granted", StringComparison.Ordinal));
        Assert.Single(commits, c => c.Message.Contains("GitJit-Event: revoked", StringComparison.Ordinal));
        var verification = AuditVerifier.Verify(history.Entries.Select(e => e.Record), TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(2.5));
        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
        var granted = history.Entries.Single(e => e.Path.EndsWith("granted.json", StringComparison.Ordinal)).Record;
        Assert.True(granted.RequesterId > 0, "the granted record keeps the requester's GitHub user id");
        var revoked = history.Entries.Single(e => e.Path.EndsWith("revoked.json", StringComparison.Ordinal)).Record;
        Assert.Equal(1, revoked.SessionsEnded);

        // The whole life leaked nothing: the role's password, the App's key and tokens, the webhook secret are in no log
        // line, no body sent to GitHub, no git object or file, and the scan knew them all and read everything.
        Assert.True(real.Secrets.Knows(credentials.Secret), "the scan does not know the role's password");
        var (secrets, texts) = real.AssertNoSecretLeaked();
        Assert.True(secrets >= 10 && texts >= 50, $"the scan knew {secrets} secrets and read {texts} texts");
    }

    [Fact]
    public async Task ATargetThatWouldGiveTheRoleMore_RefusesTheGrant_OnceRecordedAndTold_WithoutRetrying()
    {
        // An upgraded cluster still lets PUBLIC create in schema public: the role could leave objects behind.
        await using (var admin = NpgsqlDataSource.Create(real.Target))
        await using (var open = admin.CreateCommand("grant create on schema public to public"))
        {
            await open.ExecuteNonQueryAsync();
        }
        var pullRequest = real.World.Open(Requests.AliceReadOnly);

        await real.MergeAsync(pullRequest);

        Assert.Empty(await real.AccessAsync());
        var refused = Assert.Single(real.History, e => e.Record.PullRequest == pullRequest.Number).Record;
        Assert.Equal(GitJit.Core.Audit.AuditEvent.Refused, refused.Event);
        Assert.StartsWith("provider.refused: the postgres target refused the grant: refusing to provision", Assert.Single(refused.Problems!), StringComparison.Ordinal);
        Assert.Contains("REVOKE CREATE ON SCHEMA public FROM PUBLIC", refused.Problems![0], StringComparison.Ordinal);
        Assert.Single(real.World.Repository.Comments(pullRequest.Number), c => c.Body.Contains("GitJit grants nothing", StringComparison.Ordinal));
        var monitoring = real.Server.Jobs.GetMonitoringApi();
        Assert.Equal((0L, 0L), (monitoring.FailedCount(), monitoring.ScheduledCount()));
    }

    [Fact]
    public async Task ProcessKilledBetweenProvisioningAndRecording_TheReconcilerRevokesTheOrphan_InTheTargetAndInGit()
    {
        // What a merge job leaves when the process dies right after provisioning: a real role, no record, no schedule.
        var pullRequest = real.World.Open(Requests.AliceReadOnly);
        var provider = real.Server.Services.GetRequiredService<AccessProviders>().For("postgres");
        var database = new NpgsqlConnectionStringBuilder(real.Target).Database;
        var grant = new Grant($"acme/access#{pullRequest.Number}", "alice", "orders-db", "read-only", "postgres", new GitJit.Core.Model.PolicyTarget("ORDERS_DB", database),
            new GitJit.Core.Model.Guardrails { Privileges = ["select"], Tables = ["public.orders"] }, TimeProvider.System.GetUtcNow().AddHours(1));
        var access = await provider.ProvisionAsync(grant, CancellationToken.None);
        await real.Server.Services.GetRequiredService<GitJit.Server.Grants.AccessRepositories>().RememberAsync(
            new GitJit.Core.Audit.AuditLocation(FlowWorld.InstallationId, "acme/access", real.Remote, "main"), "main", CancellationToken.None);

        await real.Server.Services.GetRequiredService<GitJit.Server.Grants.Reconciler>().RunAsync(CancellationToken.None);
        await real.Server.Services.GetRequiredService<GitJit.Server.Grants.Reconciler>().RunAsync(CancellationToken.None);

        Assert.DoesNotContain(await provider.ListAsync(CancellationToken.None), a => a.GrantId == grant.Id);
        await using (var roles = NpgsqlDataSource.Create(real.Target))
        await using (var exists = roles.CreateCommand("select count(*) from pg_roles where rolname = $1"))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = access.Principal });
            Assert.Equal(0L, await exists.ExecuteScalarAsync());
        }
        var entry = Assert.Single(AuditHistory.Read(real.Remote, since: null, "refs/heads/main").Entries);
        Assert.Equal(($"audit/{pullRequest.Number}/orphan-revoked.json", GitJit.Core.Audit.AuditReason.Orphan, access.Principal), (entry.Path, entry.Record.Reason, entry.Record.Principal));
    }

    [Fact]
    public async Task ProcessKilledBetweenRevokingAndRecording_TheReconcilerRecordsTheRevocationOnce()
    {
        var pullRequest = real.World.Open(Requests.AliceWith("duration", "4s"));
        await real.MergeAsync(pullRequest);
        var provider = real.Server.Services.GetRequiredService<AccessProviders>().For("postgres");
        var access = Assert.Single(await provider.ListAsync(CancellationToken.None), a => a.GrantId == $"acme/access#{pullRequest.Number}");
        // The revocation job removed the role and died before its record; its schedule is gone with it.
        foreach (var job in real.Server.Jobs.GetMonitoringApi().ScheduledJobs(0, 100)) real.Server.Services.GetRequiredService<IBackgroundJobClient>().Delete(job.Key);
        await provider.RevokeAsync(access, CancellationToken.None);
        await Task.Delay(access.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(200));

        await real.Server.Services.GetRequiredService<GitJit.Server.Grants.Reconciler>().RunAsync(CancellationToken.None);
        await real.Server.Services.GetRequiredService<GitJit.Server.Grants.Reconciler>().RunAsync(CancellationToken.None);

        var history = AuditHistory.Read(real.Remote, since: null, "refs/heads/main");
        Assert.Equal([$"audit/{pullRequest.Number}/granted.json", $"audit/{pullRequest.Number}/revoked.json"], history.Entries.Select(e => e.Path).Order());
        Assert.True(AuditVerifier.Verify(history.Entries.Select(e => e.Record), TimeProvider.System.GetUtcNow()).IsClean);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>The SQLSTATE the statement fails with, or null when it succeeds.</summary>
    private static async Task<string?> SqlStateAsync(NpgsqlConnection connection, string sql)
    {
        try
        {
            await ScalarAsync(connection, sql);
            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
        catch (NpgsqlException e)
        {
            return e.GetType().Name;
        }
    }
}
