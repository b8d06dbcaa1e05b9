using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Server.Grants;
using GitJit.Testing;
using Npgsql;

namespace GitJit.Server.Tests;

public sealed class AccessRepositoriesTests
{
    private static readonly AuditLocation Main = new(7, "acme/access", "/srv/access.git", "main");
    private static readonly AuditLocation Release = Main with { Branch = "release" };
    private static readonly GrantingBranches MainAndRelease = new(["main", "release"]);

    [Fact]
    public async Task OnOneMachine_TheRepositoriesSurviveARestart_InTheFile()
    {
        using var folder = new TemporaryDirectory();
        var file = Path.Combine(folder.Path, "data", "access-repositories.json");
        await new AccessRepositories(file: file, branches: MainAndRelease).RememberAsync(Main, "main", CancellationToken.None);
        await new AccessRepositories(file: file, branches: MainAndRelease).RememberAsync(Release, "main", CancellationToken.None);

        var restarted = await new AccessRepositories(file: file, branches: MainAndRelease).AllAsync(CancellationToken.None);

        Assert.Equal([Main, Release], restarted.OrderBy(l => l.Branch, StringComparer.Ordinal));
    }

    [Fact]
    public async Task WithPostgreSql_EveryBranchIsKept_AndSharedByInstances()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);
        await new AccessRepositories(first, branches: MainAndRelease).RememberAsync(Main, "main", CancellationToken.None);
        await new AccessRepositories(second, branches: MainAndRelease).RememberAsync(Release, "main", CancellationToken.None);
        await new AccessRepositories(second, branches: MainAndRelease).RememberAsync(Main with { Installation = 8 }, "main", CancellationToken.None);

        var all = await new AccessRepositories(first, branches: MainAndRelease).AllAsync(CancellationToken.None);

        Assert.Equal([Main with { Installation = 8 }, Release], all.OrderBy(l => l.Branch, StringComparer.Ordinal));
    }

    [Fact]
    public async Task OnlyGrantingBranches_AreGivenOut_ByDefaultTheRepositorysDefaultBranch()
    {
        using var folder = new TemporaryDirectory();
        var file = Path.Combine(folder.Path, "access-repositories.json");
        await new AccessRepositories(file: file).RememberAsync(Main, "main", CancellationToken.None);
        await new AccessRepositories(file: file).RememberAsync(Release, "main", CancellationToken.None);

        Assert.Equal([Main], await new AccessRepositories(file: file).AllAsync(CancellationToken.None));
        Assert.Equal([Release], await new AccessRepositories(file: file, branches: new GrantingBranches(["release"])).AllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LocationsKeptBeforeDefaultBranchesWere_AreNotGivenOut_InAFileOrInPostgreSql()
    {
        using var folder = new TemporaryDirectory();
        var file = Path.Combine(folder.Path, "access-repositories.json");
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(new[] { Main, Release }));
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using (var old = database.CreateCommand("""
            create table gitjit_access_repositories (repository text not null, installation bigint not null, clone_url text not null, branch text not null, primary key (repository, branch));
            insert into gitjit_access_repositories values ('acme/access', 7, '/srv/access.git', 'widen');
            """))
        {
            await old.ExecuteNonQueryAsync();
        }

        Assert.Empty(await new AccessRepositories(file: file).AllAsync(CancellationToken.None));
        Assert.Empty(await new AccessRepositories(database).AllAsync(CancellationToken.None));
        await new AccessRepositories(database).RememberAsync(Main, "main", CancellationToken.None);
        Assert.Equal([Main], await new AccessRepositories(database).AllAsync(CancellationToken.None));
    }
}
