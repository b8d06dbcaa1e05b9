using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace GitJit.Sandbox.Postgres;

/// <summary>
/// A PostgreSQL cluster of its own, started from the machine's server binaries in a fresh folder only its user may enter,
/// listening on loopback only, every login (TCP and its socket) checked against a random superuser password, and deleted
/// when disposed. PostgreSQL refuses to run as root: as root the
/// cluster runs as the <c>postgres</c> user (which Debian's package creates).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    /// <summary>Names the folder of PostgreSQL's server binaries (<c>initdb</c>, <c>pg_ctl</c>) when they are elsewhere.</summary>
    public const string BinariesVariable = "GITJIT_POSTGRES_BIN";

    /// <summary>What to do when no server binaries are found.</summary>
    public const string HowToInstall =
        "PostgreSQL's server binaries (initdb, pg_ctl) were not found. Install them (Debian or Ubuntu: `sudo apt-get install postgresql`; "
        + "macOS: `brew install postgresql`), or set " + BinariesVariable + " to the folder that holds them.";

    private readonly string bin;
    private readonly string folder;
    private readonly bool asRoot;
    private int disposed;

    private ThrowawayPostgres(string bin, string folder, bool asRoot, int port, string password)
    {
        this.bin = bin;
        this.folder = folder;
        this.asRoot = asRoot;
        Port = port;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres";
    }

    /// <summary>The superuser's connection string (database <c>postgres</c>).</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>
    /// The folder holding <c>initdb</c> and <c>pg_ctl</c>: <c>$GITJIT_POSTGRES_BIN</c>, else the newest
    /// <c>/usr/lib/postgresql/*/bin</c> (Debian), else the folder on PATH that has both; null when there is none.
    /// </summary>
    public static string? FindBinaries()
    {
        static bool Has(string? folder) => folder is not null && File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));
        var configured = Environment.GetEnvironmentVariable(BinariesVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return Has(configured) ? configured : null;
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var debian = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Has)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0).FirstOrDefault();
            if (debian is not null) return debian;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(Has);
    }

    /// <summary>
    /// Creates and starts a cluster in a new folder under <paramref name="parent"/> with room for <paramref name="maxConnections"/>
    /// sessions. Not <paramref name="durable"/>: fsync is off, faster, and a crash of the machine may lose the cluster (tests).
    /// </summary>
    public static async Task<ThrowawayPostgres> StartAsync(
        string bin, string parent, int maxConnections = 100, bool durable = true, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetFullPath(parent), "postgres-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        // Only the cluster's user may enter it (its socket, its data): a local user must not reach either.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var asRoot = Environment.UserName == "root";
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var port = FreePort();
        var cluster = new ThrowawayPostgres(bin, folder, asRoot, port, password);
        try
        {
            // Passwords are checked over TCP, as on a real server: initdb reads the superuser's from a file that only it can read.
            var passwordFile = Path.Combine(folder, "password");
            var secret = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) secret.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var stream = new FileStream(passwordFile, secret))
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(password), cancellationToken).ConfigureAwait(false);
            }
            if (asRoot) await RunAsync("chown", ["-R", "postgres:", folder], cancellationToken).ConfigureAwait(false);
            await cluster.RunPostgresAsync("initdb", ["--pgdata", Path.Combine(folder, "data"), "--username=postgres", "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                "--pwfile=" + passwordFile, "--encoding=UTF8"], cancellationToken).ConfigureAwait(false);
            File.Delete(passwordFile);
            await cluster.RunPostgresAsync("pg_ctl", ["--pgdata", Path.Combine(folder, "data"), "--wait", "--log", Path.Combine(folder, "log"),
                "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c unix_socket_permissions=0700 -c max_connections={maxConnections}{(durable ? "" : " -c fsync=off")}", "start"], cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops and deletes a cluster that <see cref="StartAsync"/> made under <paramref name="parent"/> for a process that is gone
    /// (killed before it could dispose it); true when there was one.
    /// </summary>
    public static async Task<bool> RemoveAbandonedAsync(string bin, string parent, CancellationToken cancellationToken = default)
    {
        var found = false;
        foreach (var folder in Directory.EnumerateDirectories(parent, "postgres-*"))
        {
            found = true;
            await new ThrowawayPostgres(bin, folder, Environment.UserName == "root", 0, "").DisposeAsync().ConfigureAwait(false);
        }
        return found;
    }

    /// <summary>Stops the cluster at once (sessions are cut) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
        {
            try
            {
                await RunPostgresAsync("pg_ctl", ["--pgdata", Path.Combine(folder, "data"), "--mode=immediate", "stop"], CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already stopped: nothing more to stop.
            }
        }
        Directory.Delete(folder, recursive: true);
    }

    private Task RunPostgresAsync(string program, string[] arguments, CancellationToken cancellationToken) =>
        asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, program), .. arguments], cancellationToken)
            : RunAsync(Path.Combine(bin, program), arguments, cancellationToken);

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await output.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
