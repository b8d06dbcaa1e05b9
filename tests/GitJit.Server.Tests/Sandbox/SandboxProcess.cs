using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitJit.Testing.Faults;

namespace GitJit.Server.Tests.Sandbox;

/// <summary>
/// <c>dotnet GitJit.Server.dll sandbox</c> as a new user runs it (from the built server's folder), on free ports, its
/// output kept; stopped with Ctrl+C's signal (SIGINT).
/// </summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    public const string Ready = "Try it, in order:";

    private readonly Process process;
    private readonly List<string> lines;

    private SandboxProcess(Process process, List<string> lines, int port, int gitHubPort, int gatewayPort)
    {
        this.process = process;
        this.lines = lines;
        GitJitUrl = new Uri($"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}/");
        GitHubUrl = new Uri($"http://127.0.0.1:{gitHubPort.ToString(CultureInfo.InvariantCulture)}/");
        GatewayPort = gatewayPort;
    }

    public Uri GitJitUrl { get; }

    public Uri GitHubUrl { get; }

    public int GatewayPort { get; }

    /// <summary>Everything it wrote to its output and error streams so far.</summary>
    public string Output
    {
        get { lock (lines) return string.Join(Environment.NewLine, lines); }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The folder it prints for the access repository, less <c>/access.git</c>.</summary>
    public string Folder
    {
        get
        {
            lock (lines)
            {
                var line = lines.Single(l => l.TrimStart().StartsWith("access repository", StringComparison.Ordinal));
                return Path.GetDirectoryName(line.Trim()["access repository".Length..].Trim())!;
            }
        }
    }

    /// <summary>Starts it with <paramref name="arguments"/> after <c>sandbox</c> and the three ports, and <paramref name="environment"/> added.</summary>
    public static SandboxProcess Start(IReadOnlyList<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null, int? port = null)
    {
        var dll = ServerProcess.ServerAssembly();
        var (http, github, gateway) = (port ?? FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(DotnetHost(),
            [dll, "sandbox", "--port", Text(http), "--github-port", Text(github), "--gateway-port", Text(gateway), .. arguments ?? []])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GitJit__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var lines = new List<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) lock (lines) lines.Add(text); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) lock (lines) lines.Add(text); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SandboxProcess(process, lines, http, github, gateway);
    }

    /// <summary>Waits until it printed its steps (it is serving), or fails with its output.</summary>
    public async Task ReadyAsync()
    {
        var waited = Stopwatch.StartNew();
        while (!Output.Contains(Ready, StringComparison.Ordinal))
        {
            Assert.False(process.HasExited, "the sandbox exited:\n" + Output);
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), "the sandbox did not start within 90 s:\n" + Output);
            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C does, and waits for it to exit; its exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", Text(process.Id)]))!;
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>Waits for it to exit by itself; its exit code.</summary>
    public async Task<int> ExitedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
