using System.Diagnostics.CodeAnalysis;
using GitJit.Sandbox;
using GitJit.Sandbox.Postgres;
using Npgsql;

namespace GitJit.Testing;

/// <summary>
/// A real PostgreSQL server for tests: the one named by <c>GITJIT_TEST_POSTGRES</c> (CI starts it), or else a
/// throwaway cluster this process starts from the machine's PostgreSQL binaries and stops when it exits. Each test
/// asks for a database of its own.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "GITJIT_TEST_POSTGRES";

    private static readonly Lazy<string> Server = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Private = new(StartCluster, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// A throwaway cluster of this process's own, started from the machine's PostgreSQL binaries even when
    /// <c>GITJIT_TEST_POSTGRES</c> names a shared server: for tests that change what every role of a cluster may do
    /// (PUBLIC's privileges), which would otherwise reach tests running at the same time in other processes.
    /// </summary>
    public static string PrivateCluster => Private.Value;

    /// <summary>
    /// A new, empty, uniquely named database; its connection string. PUBLIC may not connect to it (as GitJit's README
    /// asks of every database but a grant's target), so what one test sets up in its database never reaches a role
    /// another test provisions: GitJit refuses a role that could create objects in any database it can connect to.
    /// </summary>
    /// <param name="server">The server's connection string; by default the shared test server.</param>
    public static async Task<string> CreateDatabaseAsync(string? server = null)
    {
        server ??= Server.Value;
        var name = "gitjit_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
            await using var revoke = new NpgsqlCommand($"revoke connect on database \"{name}\" from public", connection);
            await revoke.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static string StartOrFind()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(configured) ? StartCluster() : configured;
    }

    /// <summary>
    /// A throwaway cluster of its own with room for <paramref name="maxConnections"/> sessions, stopped when the process
    /// exits: for benchmarks that hold many sessions open at once.
    /// </summary>
    public static string NewCluster(int maxConnections) => StartCluster(maxConnections);

    private static string StartCluster() => StartCluster(500);

    [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification =
        "Synchronous like its callers, a Lazy initializer and a ProcessExit handler, which cannot await.")]
    private static string StartCluster(int maxConnections)
    {
        var bin = ThrowawayPostgres.FindBinaries()
            ?? throw new InvalidOperationException($"No PostgreSQL for the tests: set {Variable} to a connection string, or install the Debian package postgresql (.ci/run does both).");
        // The test host may be ended before its exit handlers finish: each process keeps its clusters in a folder named by
        // its id, and removes those of processes that are gone before it starts its own.
        var parent = Path.Combine(Path.GetTempPath(), "gitjit-test-postgres");
        Directory.CreateDirectory(parent);
        foreach (var folder in Directory.EnumerateDirectories(parent))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var owner) || Processes.IsRunning(owner)) continue;
            ThrowawayPostgres.RemoveAbandonedAsync(bin, folder).GetAwaiter().GetResult();
            Directory.Delete(folder, recursive: true);
        }
        var own = Path.Combine(parent, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(own);
        var cluster = ThrowawayPostgres.StartAsync(bin, own, maxConnections, durable: false).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster.ConnectionString;
    }
}
