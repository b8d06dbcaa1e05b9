using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>What a test reads straight from a target, past the server: whether a role exists; and waiting for a condition.</summary>
internal static class TargetRoles
{
    /// <summary>How many roles named <paramref name="role"/> the cluster of <paramref name="target"/> has (0 or 1).</summary>
    public static async Task<long> CountAsync(string target, string role)
    {
        await using var source = NpgsqlDataSource.Create(target);
        await using var command = source.CreateCommand("select count(*) from pg_roles where rolname = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing after 30 seconds.</summary>
    public static async Task WaitForAsync(Func<bool> condition)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(30), "timed out");
            await Task.Delay(100);
        }
    }
}
