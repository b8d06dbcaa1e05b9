using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GitJit.Testing.Faults;

/// <summary>
/// The real GitJit server as a separate OS process, <c>dotnet GitJit.Server.dll</c>, configured only through environment
/// variables made from a settings dictionary (<c>GitJit:X:Y</c> becomes <c>GitJit__X__Y</c>), listening on one loopback
/// port for all its lives, so it can be killed with SIGKILL and started again at the same address with the same
/// settings. Each start writes stdout and stderr to a log file of its own, which is kept.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>How long a start may take before the server answers 200 on <c>/healthz</c>.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Dictionary<string, string> environment;
    private readonly string logFolder;
    private readonly List<string> logs = [];
    private Process? process;
    private StreamWriter? log;

    private ServerProcess(Dictionary<string, string> environment, Uri address, string logFolder)
    {
        this.environment = environment;
        Address = address;
        this.logFolder = logFolder;
    }

    /// <summary>Where the server speaks HTTP, in every life.</summary>
    public Uri Address { get; }

    /// <summary>Where GitHub's deliveries go.</summary>
    public Uri WebhookUrl => new(Address, "/api/github/webhooks");

    /// <summary>The log file of each start so far, oldest first.</summary>
    public IReadOnlyList<string> Logs => logs;

    /// <summary>The running server's process id, or null when it is not running.</summary>
    public int? ProcessId => process is { HasExited: false } running ? running.Id : null;

    /// <summary>
    /// The server's build output: <c>GitJit.Server.dll</c> with its runtimeconfig and deps files, which the SDK copies
    /// next to every project that references GitJit.Server.
    /// </summary>
    public static string ServerAssembly()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "GitJit.Server.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"no runnable GitJit.Server.dll (with its runtimeconfig.json) in {AppContext.BaseDirectory}: reference GitJit.Server from this project");
        }
        return dll;
    }

    /// <summary>
    /// The environment a server with <paramref name="settings"/> is started with: each key with <c>:</c> as <c>__</c>,
    /// as .NET's environment configuration reads it back.
    /// </summary>
    public static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!, StringComparer.Ordinal);
    }

    /// <summary>Starts the server with <paramref name="settings"/> on a free loopback port and waits until it is ready.</summary>
    /// <param name="settings">The server's configuration, as a settings dictionary (secrets included: they go to the child's environment only).</param>
    /// <param name="logFolder">Where each start's log file is written; created when missing.</param>
    /// <param name="cancellationToken">Stops waiting for readiness.</param>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string logFolder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(logFolder);
        var address = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");
        var environment = Environment(settings);
        environment["Kestrel__Endpoints__Http__Url"] = address.ToString().TrimEnd('/');
        // One line per log entry with a time, so a run's story can be read (and scanned) next to the harness's own times.
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        environment["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true";
        var server = new ServerProcess(environment, address, logFolder);
        await server.RestartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Kills the server with SIGKILL (when running) and waits until it is gone: no shutdown code of its own runs.</summary>
    public async Task KillAsync()
    {
        if (process is null) return;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
        process = null;
        CloseLog();
    }

    /// <summary>Kills the server if it runs, starts it again with the same environment and port, and waits until it is ready.</summary>
    /// <param name="cancellationToken">Stops waiting for readiness.</param>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await KillAsync().ConfigureAwait(false);
        var path = Path.Combine(logFolder, $"server-{(logs.Count + 1).ToString(CultureInfo.InvariantCulture)}.log");
        logs.Add(path);
        log = new StreamWriter(path, append: false) { AutoFlush = true };
        var dll = ServerAssembly();
        var start = new ProcessStartInfo(DotnetHost(), [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in start.Environment.Keys.Where(Configures).ToList()) start.Environment.Remove(inherited);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var started = new Process { StartInfo = start };
        var writer = log;
        started.OutputDataReceived += (_, line) => Write(writer, line.Data);
        started.ErrorDataReceived += (_, line) => Write(writer, line.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        await WaitUntilReadyAsync(started, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitUntilReadyAsync(Process started, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var health = new Uri(Address, "/healthz");
        string? last = null;
        while (true)
        {
            if (started.HasExited) throw new InvalidOperationException($"the server exited with {started.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was ready; see {logs[^1]}");
            if (waited.Elapsed > ReadyTimeout) throw new TimeoutException($"the server was not ready within {ReadyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (last answer: {last}); see {logs[^1]}");
            try
            {
                using var response = await Http.GetAsync(health, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "no answer within 5 s";
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Inherited variables that would configure the child apart from its settings.</summary>
    private static bool Configures(string key) =>
        key.StartsWith("GitJit__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)
        || key is "ASPNETCORE_URLS" or "DOTNET_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS";

    /// <summary>The dotnet host running this process (the CLI passes it on as DOTNET_HOST_PATH), or the one on PATH.</summary>
    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null) return;
        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines of a killed process may arrive after its log was closed.
            }
        }
    }

    private void CloseLog()
    {
        if (log is null) return;
        var closing = log;
        log = null;
        lock (closing) closing.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await KillAsync().ConfigureAwait(false);
}
