using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitJit.Core.Model;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire;
using GitJit.Server.Gateway;
using GitJit.Server.Hosting;
using GitJit.Testing;
using GitJit.Testing.Faults;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace GitJit.Server.Tests.Systemd;

/// <summary>
/// The built server started as the unit file starts it — <c>dotnet GitJit.Server.dll</c> in its own folder, with the
/// variables of an environment file read as systemd reads it — then sent SIGTERM as <c>systemctl stop</c> does.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sigterm_EndsGatewaySessionsWithAClearMessage_DrainsAndExitsZero()
    {
        await using var world = await FlowWorld.CreateAsync();
        var database = await TestPostgres.CreateDatabaseAsync();
        using var folder = new TemporaryDirectory();
        var keyFile = Path.Combine(folder.Path, "app.pem");
        await File.WriteAllTextAsync(keyFile, world.App.PrivateKeyPem);
        var http = FreePort();
        var gatewayPort = FreePort();
        var settings = world.Settings(database);
        settings.Remove("GitJit:GitHub:PrivateKey");
        settings["GitJit:GitHub:PrivateKeyPath"] = keyFile;
        settings["GitJit:Gateway:Listen"] = $"127.0.0.1:{gatewayPort.ToString(CultureInfo.InvariantCulture)}";
        settings["GitJit:Shutdown:Timeout"] = "00:00:15";
        settings["GitJit:Shutdown:JobGrace"] = "00:00:05";
        var environment = ServerProcess.Environment(settings);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{http.ToString(CultureInfo.InvariantCulture)}";
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var environmentFile = Path.Combine(folder.Path, "gitjit.env");
        EnvironmentFile.Write(environmentFile, environment);

        // A gateway login saved as a reveal saves it (its upstream password sealed with the key ring in GitJit's
        // PostgreSQL, which the child shares), for the test cluster's own user.
        var gatewayPassword = "gateway-" + Guid.NewGuid().ToString("N");
        var upstream = new NpgsqlConnectionStringBuilder(database);
        var login = new GatewayLogin("gitjit_shutdown_" + Guid.NewGuid().ToString("N")[..8], ScramVerifier.Create(gatewayPassword), "acme/access#41", Guardrails.None,
            TimeProvider.System.GetUtcNow().AddHours(1), new UpstreamServer(upstream.Host!, upstream.Port, upstream.Database!, upstream.Username!, upstream.Password!, UpstreamTls.Disable));
        await using (var saver = await ServerUnderTest.StartAsync(world.Settings(database)))
        {
            await saver.Services.GetRequiredService<IGatewayLoginStore>().SaveAsync(login, CancellationToken.None);
        }

        var dll = ServerProcess.ServerAssembly();
        var lines = new List<string>();
        using var server = Start(dll, EnvironmentFile.Read(environmentFile), lines);
        try
        {
            await WaitHealthyAsync(server, new Uri($"http://127.0.0.1:{http.ToString(CultureInfo.InvariantCulture)}/healthz"), lines);
            await using var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = gatewayPort, Username = login.User, Password = gatewayPassword, Database = upstream.Database,
                SslMode = SslMode.Disable, Pooling = false,
            }.ConnectionString);
            await session.OpenAsync();
            await using var sleep = new NpgsqlCommand("select pg_sleep(30)", session) { CommandTimeout = 60 };
            var running = sleep.ExecuteScalarAsync();
            await Task.Delay(300);

            var stopping = Stopwatch.StartNew();
            Signal(server.Id, "TERM");
            var ended = await Assert.ThrowsAsync<PostgresException>(() => running);
            await server.WaitForExitAsync().WaitAsync(StopWithin);

            Assert.Equal(("57P01", "FATAL", GatewayServer.ShuttingDown), (ended.SqlState, ended.Severity, ended.MessageText));
            Assert.Equal(0, server.ExitCode);
            string[] log;
            lock (lines) log = [.. lines];
            output.WriteLine($"stopped in {stopping.Elapsed.TotalSeconds:F1} s; log:{Environment.NewLine}{string.Join(Environment.NewLine, log)}");
            Assert.Contains(log, l => l.Contains("[1097]", StringComparison.Ordinal) && l.Contains("Stopping", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("[1098]", StringComparison.Ordinal) && l.Contains("Stopped cleanly", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("All dispatchers stopped", StringComparison.Ordinal));
            Assert.DoesNotContain(log, l => l.Contains("stopped non-gracefully", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void UnitFile_StartsThePublishedServer_AndWaitsLongerThanItsShutdown()
    {
        var unit = UnitFile.Read(UnitFile.Path);

        Assert.Equal("SIGTERM", unit["Service", "KillSignal"]);
        Assert.Equal("on-failure", unit["Service", "Restart"]);
        Assert.Equal("/opt/gitjit", unit["Service", "WorkingDirectory"]);
        Assert.Equal("/etc/gitjit/gitjit.env", unit["Service", "EnvironmentFile"]);
        Assert.EndsWith(" /opt/gitjit/GitJit.Server.dll", unit["Service", "ExecStart"], StringComparison.Ordinal);
        Assert.True(TimeSpan.FromSeconds(int.Parse(unit["Service", "TimeoutStopSec"]!, CultureInfo.InvariantCulture)) > new ShutdownOptions().Timeout);
        Assert.Equal(("yes", "yes", "yes", "strict"), (unit["Service", "NoNewPrivileges"], unit["Service", "PrivateTmp"], unit["Service", "DynamicUser"], unit["Service", "ProtectSystem"]));
        // The data directory the example points at is the one place the service may write.
        var example = EnvironmentFile.Read(Path.Combine(Path.GetDirectoryName(UnitFile.Path)!, "gitjit.env.example"));
        Assert.Equal(unit["Service", "ReadWritePaths"], example["GitJit__DataDirectory"]);
        Assert.Equal("/var/lib/" + unit["Service", "StateDirectory"], example["GitJit__DataDirectory"]);
        Assert.All(new[] { "GitJit__GitHub__AppId", "GitJit__GitHub__PrivateKeyPath", "GitJit__GitHub__WebhookSecret", "ConnectionStrings__GitJit", "GitJit__PublicUrl" },
            key => Assert.True(example.ContainsKey(key), key));
        Assert.True(TimeSpan.Parse(example["GitJit__Shutdown__Timeout"], CultureInfo.InvariantCulture) < TimeSpan.FromSeconds(int.Parse(unit["Service", "TimeoutStopSec"]!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task UnitFile_IsAcceptedBySystemdAnalyzeVerify()
    {
        // .ci/run installs systemd (for systemd-analyze) where it is missing: a test that cannot check is a failure, not a pass.
        Assert.True(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd)");
        using var folder = new TemporaryDirectory();
        var copy = Path.Combine(folder.Path, "gitjit.service");
        File.Copy(UnitFile.Path, copy);
        var verify = Process.Start(new ProcessStartInfo("/usr/bin/systemd-analyze", ["verify", copy]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var said = await verify.StandardError.ReadToEndAsync() + await verify.StandardOutput.ReadToEndAsync();
        await verify.WaitForExitAsync();

        Assert.True(verify.ExitCode == 0 && said.Trim().Length == 0, $"systemd-analyze verify: exit {verify.ExitCode}: {said}");
    }

    private static Process Start(string dll, IReadOnlyDictionary<string, string> environment, List<string> lines)
    {
        var start = new ProcessStartInfo(DotnetHost(), [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only what the environment file says configures it, as under systemd.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GitJit__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) lock (lines) lines.Add(text); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) lock (lines) lines.Add(text); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(Process server, Uri health, List<string> lines)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (server.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                lock (lines) throw new InvalidOperationException($"the server did not become healthy:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
            }
            try
            {
                using var response = await http.GetAsync(health);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Sends a signal with <c>kill</c>, as systemd would send KillSignal (Process.Kill is SIGKILL).</summary>
    private static void Signal(int processId, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {processId} failed with {kill.ExitCode}");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
