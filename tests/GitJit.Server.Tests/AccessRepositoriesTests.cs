using GitJit.Core.Audit;
using GitJit.Server.Grants;
using GitJit.Testing;
using Npgsql;

namespace GitJit.Server.Tests;

public sealed class AccessRepositoriesTests
{
    private static readonly AuditLocation Main = new(7, "acme/access", "/srv/access.git", "main");
    private static readonly AuditLocation Release = Main with { Branch = "release" };

    [Fact]
    public async Task OnOneMachine_TheRepositoriesSurviveARestart_InTheFile()
    {
        using var folder = new TemporaryDirectory();
        var file = Path.Combine(folder.Path, "data", "access-repositories.json");
        await new AccessRepositories(file: file).RememberAsync(Main, CancellationToken.None);
        await new AccessRepositories(file: file).RememberAsync(Release, CancellationToken.None);

        var restarted = await new AccessRepositories(file: file).AllAsync(CancellationToken.None);

        Assert.Equal([Main, Release], restarted.OrderBy(l => l.Branch, StringComparer.Ordinal));
    }

    [Fact]
    public async Task WithPostgreSql_EveryBranchIsKept_AndSharedByInstances()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);
        await new AccessRepositories(first).RememberAsync(Main, CancellationToken.None);
        await new AccessRepositories(second).RememberAsync(Release, CancellationToken.None);
        await new AccessRepositories(second).RememberAsync(Main with { Installation = 8 }, CancellationToken.None);

        var all = await new AccessRepositories(first).AllAsync(CancellationToken.None);

        Assert.Equal([Main with { Installation = 8 }, Release], all.OrderBy(l => l.Branch, StringComparer.Ordinal));
    }
}
