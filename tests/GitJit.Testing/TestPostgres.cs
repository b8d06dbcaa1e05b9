using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
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

    /// <summary>The throwaway test cluster's superuser password (the cluster listens on loopback only and is deleted after the run).</summary>
    private const string SuperuserPassword = "gitjit-test-cluster";

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

    private static string StartCluster(int maxConnections)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException($"No PostgreSQL for the tests: set {Variable} to a connection string, or install the Debian package postgresql (.ci/run does both).");
        }

        var data = Directory.CreateTempSubdirectory("gitjit-pg-").FullName;
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres:", data);
        // Passwords are checked over TCP (as on a real server), so a test that logs in with issued credentials proves them.
        var passwordFile = Path.Combine(data, "password");
        File.WriteAllText(passwordFile, SuperuserPassword);
        if (asRoot) Run("chown", "postgres:", passwordFile);
        RunPostgres(asRoot, Path.Combine(bin, "initdb"), "--pgdata", Path.Combine(data, "data"), "--username=postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
            "--pwfile=" + passwordFile, "--encoding=UTF8");
        RunPostgres(asRoot, Path.Combine(bin, "pg_ctl"), "--pgdata", Path.Combine(data, "data"), "--wait", "--log", Path.Combine(data, "log"),
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {data} -c fsync=off -c max_connections={maxConnections}", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            RunPostgres(asRoot, Path.Combine(bin, "pg_ctl"), "--pgdata", Path.Combine(data, "data"), "--mode=immediate", "stop");
            Directory.Delete(data, recursive: true);
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Password={SuperuserPassword};Database=postgres";
    }

    private static void RunPostgres(bool asRoot, string program, params string[] arguments)
    {
        if (asRoot) Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
        else Run(program, arguments);
    }

    [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = 
        "Synchronous like its callers, a Lazy initializer and a ProcessExit handler. stderr is read asynchronously only so neither pipe fills while stdout is read; the process has exited when it is awaited.")]
    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
