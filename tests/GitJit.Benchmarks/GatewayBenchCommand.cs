using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using GitJit.Core.Model;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Sql;
using GitJit.Gateway.Wire;
using GitJit.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>gateway-pgbench</c>: pgbench's select-only load (<c>-S</c>) in each query mode and at each client count, straight
/// to PostgreSQL, through the guarded gateway and through pgbouncer (session pooling), one after the other on one
/// throwaway cluster; then the resident memory of 1,000 idle sessions held by the gateway and by pgbouncer. The gateway
/// and pgbouncer each run in a process of their own, so their memory is theirs alone.
/// </summary>
internal static class GatewayBenchCommand
{
    private const string Role = "gitjit_bench";
    private const string RolePassword = "bench-upstream-password";
    private const string GatewayPassword = "bench-gateway-password";
    private const string Database = "bench";

    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "How long each pgbench run lasts (0: no pgbench runs, the memory figure only).", DefaultValueFactory = _ => 10 };
        var clients = new Option<int[]>("--clients") { Description = "Client counts.", DefaultValueFactory = _ => [1, 8, 32], AllowMultipleArgumentsPerToken = true };
        var modes = new Option<string[]>("--mode") { Description = "pgbench query modes.", DefaultValueFactory = _ => ["simple", "extended", "prepared"], AllowMultipleArgumentsPerToken = true };
        var scale = new Option<int>("--scale") { Description = "pgbench scale factor (100,000 accounts each).", DefaultValueFactory = _ => 10 };
        var idle = new Option<int>("--idle-sessions") { Description = "Idle sessions to hold open for the memory figure (0: skip).", DefaultValueFactory = _ => 1000 };
        var targets = new Option<string[]>("--targets") { Description = "Where pgbench connects: direct, gateway, gateway-inline (with inline socket completions), pgbouncer (× direct needs direct first).", DefaultValueFactory = _ => ["direct", "gateway", "gateway-inline", "pgbouncer"], AllowMultipleArgumentsPerToken = true };
        var command = new Command("gateway-pgbench", "pgbench -S directly, through the gateway and through pgbouncer; memory per idle session.") { seconds, clients, modes, scale, idle, targets };
        command.SetAction((result, token) => RunAsync(result.GetValue(seconds), result.GetValue(clients)!, result.GetValue(modes)!, result.GetValue(scale), result.GetValue(idle),
            result.GetValue(targets)!, token));
        return command;
    }

    /// <summary><c>gateway-serve PORT</c>: a gateway in front of 127.0.0.1:PORT with the bench's one login; prints its port, runs until stdin closes.</summary>
    public static Command CreateServe()
    {
        var port = new Argument<int>("UPSTREAM_PORT");
        var command = new Command("gateway-serve", "A gateway for gateway-pgbench, in a process of its own.") { port };
        command.Hidden = true;
        command.SetAction((result, token) => ServeAsync(result.GetValue(port), token));
        return command;
    }

    private static async Task<int> RunAsync(int seconds, int[] clients, string[] modes, int scale, int idleSessions, string[] only, CancellationToken cancellationToken)
    {
        await Console.Error.WriteLineAsync("starting a throwaway PostgreSQL cluster…");
        var admin = new NpgsqlConnectionStringBuilder(TestPostgres.NewCluster(maxConnections: Math.Max(200, idleSessions + 100)));
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"create database {Database}", cancellationToken);
            await ExecuteAsync(connection, $"create role {Role} login password '{RolePassword}'", cancellationToken);
        }
        var upstreamPort = admin.Port;
        await Console.Error.WriteLineAsync($"pgbench -i -s {scale}…");
        await RunToolAsync("pgbench", ["-i", "-q", "-s", $"{scale}", "-h", "127.0.0.1", "-p", $"{upstreamPort}", "-U", "postgres", Database], admin.Password!, cancellationToken);
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = Database }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"grant select on all tables in schema public to {Role}", cancellationToken);
        }

        await using var gateway = await ChildGateway.StartAsync(upstreamPort, inlineCompletions: false, cancellationToken);
        await using var inline = await ChildGateway.StartAsync(upstreamPort, inlineCompletions: true, cancellationToken);
        await using var bouncer = await Bouncer.StartAsync(upstreamPort, idleSessions + 100, cancellationToken);
        var targets = new (string Name, int Port, string Password)[]
        {
            ("direct", upstreamPort, RolePassword),
            ("gateway", gateway.Port, GatewayPassword),
            ("gateway-inline", inline.Port, GatewayPassword),
            ("pgbouncer", bouncer.Port, RolePassword),
        }.Where(t => only.Contains(t.Name, StringComparer.Ordinal)).ToArray();

        Console.WriteLine("| mode | clients | target | TPS | × direct | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var mode in seconds > 0 ? modes : [])
        {
            foreach (var count in clients)
            {
                double? direct = null;
                foreach (var (name, port, password) in targets)
                {
                    var run = await PgbenchAsync(port, password, mode, count, seconds, cancellationToken);
                    if (name == "direct") direct = run.Tps;
                    var ratio = direct is { } d ? (run.Tps / d).ToString("F2", CultureInfo.InvariantCulture) : "–";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {mode} | {count} | {name} | {run.Tps:F0} | {ratio} | {run.P50:F3} | {run.P99:F3} |"));
                }
            }
        }

        if (idleSessions > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| idle sessions | process | resident before MiB | resident after MiB | KiB per session |");
            Console.WriteLine("|---:|---|---:|---:|---:|");
            foreach (var (name, port, password, pid) in new[] { ("gateway", gateway.Port, GatewayPassword, gateway.ProcessId), ("pgbouncer", bouncer.Port, RolePassword, bouncer.ProcessId) })
            {
                var before = Resident(pid);
                var sessions = await OpenIdleAsync(port, password, idleSessions, cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                var after = Resident(pid);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {idleSessions} | {name} | {before / 1024.0:F1} | {after / 1024.0:F1} | {(after - before) / (double)idleSessions:F1} |"));
                foreach (var session in sessions)
                {
                    await session.DisposeAsync();
                }
            }
        }
        return ExitCodes.Ok;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record PgbenchRun(double Tps, double P50, double P99);

    /// <summary>One pgbench run; latencies (one statement per -S transaction) from its per-transaction log.</summary>
    private static async Task<PgbenchRun> PgbenchAsync(int port, string password, string mode, int clients, int seconds, CancellationToken cancellationToken)
    {
        var logs = Directory.CreateTempSubdirectory("gitjit-pgbench-");
        try
        {
            var output = await RunToolAsync("pgbench",
                ["-n", "-S", "-M", mode, "-c", $"{clients}", "-j", $"{Math.Min(clients, 2)}", "-T", $"{seconds}", "-l", "--log-prefix", Path.Combine(logs.FullName, "tx"),
                 "-h", "127.0.0.1", "-p", $"{port}", "-U", Role, Database], password, cancellationToken);
            var tpsLine = output.Split('\n').First(l => l.StartsWith("tps = ", StringComparison.Ordinal));
            var tps = double.Parse(tpsLine["tps = ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
            var latencies = new List<long>();
            foreach (var file in logs.EnumerateFiles())
            {
                foreach (var line in await File.ReadAllLinesAsync(file.FullName, cancellationToken))
                {
                    var fields = line.Split(' ');
                    if (fields.Length >= 3) latencies.Add(long.Parse(fields[2], CultureInfo.InvariantCulture));
                }
            }
            latencies.Sort();
            double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, p * latencies.Count)] / 1000.0;
            return new PgbenchRun(tps, Percentile(0.50), Percentile(0.99));
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    private static async Task<List<NpgsqlConnection>> OpenIdleAsync(int port, string password, int count, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = Role, Password = password, Database = Database, Pooling = false, SslMode = SslMode.Disable };
        var sessions = new List<NpgsqlConnection>(count);
        using var gate = new SemaphoreSlim(8);
        var opening = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using (var command = new NpgsqlCommand("select 1", connection))
                {
                    await command.ExecuteScalarAsync(cancellationToken);
                }
                lock (sessions) sessions.Add(connection);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(opening);
        return sessions;
    }

    /// <summary>VmRSS of a process, KiB.</summary>
    private static long Resident(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunToolAsync(string program, string[] arguments, string password, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await error}");
        }
        return await output + await error;
    }

    private static async Task<int> ServeAsync(int upstreamPort, CancellationToken cancellationToken)
    {
        var guardrails = new Guardrails { BlockedStatements = ["drop", "truncate", "alter"], RequireWhere = true, ReadOnly = true };
        var login = new GatewayLogin(Role, ScramVerifier.Create(GatewayPassword), "bench/access#1", guardrails, TimeProvider.System.GetUtcNow().AddDays(1),
            new UpstreamServer("127.0.0.1", upstreamPort, Database, Role, RolePassword, UpstreamTls.Disable));
        using var classifier = new StatementClassifier();
        await using var server = new GatewayServer(new GatewayOptions { Listen = "127.0.0.1:0" }, new OneLogin(login), new NoEvents(), classifier, TimeProvider.System,
            NullLogger<GatewayServer>.Instance);
        await server.StartAsync(cancellationToken);
        Console.WriteLine(server.EndPoint.Port.ToString(CultureInfo.InvariantCulture));
        await Console.Out.FlushAsync(cancellationToken);
        while (await Console.In.ReadLineAsync(cancellationToken) is not null)
        {
        }
        return ExitCodes.Ok;
    }

    private sealed class OneLogin(GatewayLogin login) : IGatewayLogins
    {
        public Task<GatewayLogin?> FindAsync(string user, CancellationToken cancellationToken) =>
            Task.FromResult(string.Equals(user, login.User, StringComparison.Ordinal) ? login : null);

        public Task<IReadOnlyCollection<string>> EndedAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyCollection<string>>([]);
    }

    /// <summary>Counts what a real events sink would store, so the gateway does everything but the storage write.</summary>
    private sealed class NoEvents : ISessionEvents
    {
        private long statements;

        public void Started(GatewaySession session)
        {
        }

        public void Statement(GatewaySession session, StatementEvent statement) => Interlocked.Increment(ref statements);

        public void Ended(GatewaySession session, DateTimeOffset at, string reason)
        {
        }
    }

    /// <summary>This program again as <c>gateway-serve</c>; stopped by closing its stdin.</summary>
    private sealed class ChildGateway : IAsyncDisposable
    {
        private readonly Process process;

        private ChildGateway(Process process, int port)
        {
            this.process = process;
            Port = port;
        }

        public int Port { get; }

        public int ProcessId => process.Id;

        /// <summary>Starts the gateway process in front of 127.0.0.1:<paramref name="upstreamPort"/>, once it listens.</summary>
        /// <param name="upstreamPort">The PostgreSQL server's port.</param>
        /// <param name="inlineCompletions">Runs it with the runtime's inline socket completions (see docs/gateway.md).</param>
        /// <param name="cancellationToken">Stops waiting for it to listen.</param>
        public static async Task<ChildGateway> StartAsync(int upstreamPort, bool inlineCompletions, CancellationToken cancellationToken)
        {
            var self = Environment.ProcessPath!;
            var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? new ProcessStartInfo(self, [typeof(GatewayBenchCommand).Assembly.Location, "gateway-serve", $"{upstreamPort}"])
                : new ProcessStartInfo(self, ["gateway-serve", $"{upstreamPort}"]);
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            if (inlineCompletions) start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
            var process = Process.Start(start)!;
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException("the gateway process ended before it listened");
            return new ChildGateway(process, int.Parse(line, CultureInfo.InvariantCulture));
        }

        public async ValueTask DisposeAsync()
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>pgbouncer in session pooling in front of the cluster, run as the postgres user (it will not run as root).</summary>
    private sealed class Bouncer : IAsyncDisposable
    {
        private readonly Process process;
        private readonly DirectoryInfo directory;

        private Bouncer(Process process, DirectoryInfo directory, int port)
        {
            this.process = process;
            this.directory = directory;
            Port = port;
        }

        public int Port { get; }

        /// <summary>pgbouncer's own process, from its pid file (runuser, when started as root, is its parent).</summary>
        public int ProcessId => int.Parse(File.ReadAllText(Path.Combine(directory.FullName, "pgbouncer.pid")).Trim(), CultureInfo.InvariantCulture);

        public static async Task<Bouncer> StartAsync(int upstreamPort, int maxClients, CancellationToken cancellationToken)
        {
            var directory = Directory.CreateTempSubdirectory("gitjit-pgbouncer-");
            var port = FreePort();
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "users.txt"), $"\"{Role}\" \"{RolePassword}\"\n", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "pgbouncer.ini"), string.Create(CultureInfo.InvariantCulture, $"""
                [databases]
                {Database} = host=127.0.0.1 port={upstreamPort} dbname={Database}
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = {port}
                unix_socket_dir =
                auth_type = scram-sha-256
                auth_file = {directory.FullName}/users.txt
                pool_mode = session
                max_client_conn = {maxClients}
                default_pool_size = {maxClients}
                max_db_connections = {maxClients}
                logfile = {directory.FullName}/pgbouncer.log
                pidfile = {directory.FullName}/pgbouncer.pid
                """), cancellationToken);
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                await RunToolAsync("chown", ["-R", "postgres:", directory.FullName], "", cancellationToken);
            }
            var ini = Path.Combine(directory.FullName, "pgbouncer.ini");
            // A client and a server socket per session: more than the usual soft limit of 1,024 descriptors.
            var run = $"ulimit -n {Math.Max(4096, 2 * maxClients + 100)} && exec pgbouncer -q '{ini}'";
            var start = asRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", "sh", "-c", run]) : new ProcessStartInfo("sh", ["-c", run]);
            var process = Process.Start(start)!;
            var bouncer = new Bouncer(process, directory, port);
            for (var tries = 0; ; tries++)
            {
                try
                {
                    using var probe = new System.Net.Sockets.TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return bouncer;
                }
                catch (System.Net.Sockets.SocketException) when (tries < 50)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            directory.Delete(recursive: true);
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
