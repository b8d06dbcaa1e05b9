using GitJit.Sandbox.Postgres;
using GitJit.Testing;
using Npgsql;

namespace GitJit.Server.Tests.Sandbox;

/// <summary>The sandbox's own PostgreSQL: started from the machine's binaries, filled as the example policies expect, gone after.</summary>
public sealed class ThrowawayPostgresTests
{
    [Fact]
    public async Task A_cluster_holds_the_example_databases_and_leaves_nothing_behind()
    {
        var bin = ThrowawayPostgres.FindBinaries();
        Assert.True(bin is not null, ThrowawayPostgres.HowToInstall);
        using var parent = new TemporaryDirectory();
        var cluster = await ThrowawayPostgres.StartAsync(bin, parent.Path);
        string orders;
        await using (cluster)
        {
            var targets = await SampleData.CreateAsync(cluster.ConnectionString);
            Assert.Equal(["ANALYTICS_DB", "ORDERS_DB"], targets.Keys.Order(StringComparer.Ordinal));
            orders = targets["ORDERS_DB"];
            await using (var source = NpgsqlDataSource.Create(orders))
            await using (var count = source.CreateCommand("select count(*) from public.orders where status = 'stuck'"))
            {
                Assert.Equal(2L, await count.ExecuteScalarAsync());
            }
            await using (var source = NpgsqlDataSource.Create(targets["ANALYTICS_DB"]))
            await using (var revenue = source.CreateCommand("select count(*) from reporting.quarterly_revenue"))
            {
                Assert.Equal(3L, await revenue.ExecuteScalarAsync());
            }
            // As GitJit asks of every database but a grant's target: a new role cannot connect until granted.
            await using (var source = NpgsqlDataSource.Create(cluster.ConnectionString))
            await using (var connect = source.CreateCommand("select has_database_privilege('public', 'orders', 'connect'), has_database_privilege('public', 'analytics', 'connect')"))
            await using (var reader = await connect.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
                Assert.False(reader.GetBoolean(0));
                Assert.False(reader.GetBoolean(1));
            }
            // The superuser's password is its own, not a fixed one.
            Assert.DoesNotContain("gitjit-test-cluster", cluster.ConnectionString, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(parent.Path));
        await using var gone = NpgsqlDataSource.Create(orders);
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await gone.OpenConnectionAsync());
    }
}
