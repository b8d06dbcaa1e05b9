using GitJit.Testing;
using Npgsql;

namespace GitJit.Server.Tests;

public sealed class PostgresDeliveryLogTests
{
    [Fact]
    public async Task ADelivery_IsRecordedOnce_AcrossInstancesRacing()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);
        var logs = new[] { new PostgresDeliveryLog(first), new PostgresDeliveryLog(second) };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => logs[i % 2].TryRecordAsync("delivery-1", CancellationToken.None)));

        Assert.Single(attempts, recorded => recorded);
        Assert.True(await logs[0].TryRecordAsync("delivery-2", CancellationToken.None));
    }

    [Fact]
    public async Task RecordedDeliveries_SurviveARestart()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using (var before = NpgsqlDataSource.Create(connectionString))
        {
            Assert.True(await new PostgresDeliveryLog(before).TryRecordAsync("delivery-1", CancellationToken.None));
        }

        await using var after = NpgsqlDataSource.Create(connectionString);

        Assert.False(await new PostgresDeliveryLog(after).TryRecordAsync("delivery-1", CancellationToken.None));
    }
}
