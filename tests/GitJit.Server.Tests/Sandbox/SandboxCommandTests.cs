using System.Net;
using System.Net.Sockets;
using GitJit.Sandbox.Postgres;
using GitJit.Server.Sandbox;

namespace GitJit.Server.Tests.Sandbox;

/// <summary><c>GitJit.Server sandbox</c> as a process: it starts, says what to open, serves, and leaves nothing behind.</summary>
public sealed class SandboxCommandTests
{
    [Fact]
    public async Task It_serves_every_part_on_loopback_says_so_and_ctrl_c_deletes_everything_it_made()
    {
        await using var sandbox = SandboxProcess.Start();
        await sandbox.ReadyAsync();
        var output = sandbox.Output;
        Assert.Contains("Nothing reaches github.com", output, StringComparison.Ordinal);
        Assert.Contains(sandbox.GitHubUrl.ToString(), output, StringComparison.Ordinal);
        Assert.Contains(sandbox.GitJitUrl + "grants", output, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{sandbox.GatewayPort}", output, StringComparison.Ordinal);
        var folder = sandbox.Folder;
        Assert.True(Directory.Exists(Path.Combine(folder, "access.git")), output);

        using var http = new HttpClient();
        var page = await http.GetAsync(new Uri(sandbox.GitJitUrl, "signin/failed"));
        Assert.Contains(SandboxCommand.Notice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var health = await http.GetAsync(new Uri(sandbox.GitJitUrl, "healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var standIn = await http.GetStringAsync(sandbox.GitHubUrl);
        Assert.Contains("Nothing here reaches github.com", standIn, StringComparison.Ordinal);

        // The target databases are up, with the sample data, behind a password the sandbox made.
        Assert.Matches(@"orders and analytics on 127\.0\.0\.1:\d+", output);

        Assert.Equal(0, await sandbox.InterruptAsync());
        Assert.False(Directory.Exists(folder), "the sandbox's folder is left:\n" + sandbox.Output);
        using var refused = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, sandbox.GatewayPort));
    }

    [Fact]
    public async Task A_sandbox_killed_with_kill_9_is_cleaned_up_by_the_next_one()
    {
        string folder;
        await using (var killed = SandboxProcess.Start())
        {
            await killed.ReadyAsync();
            folder = killed.Folder;
        }
        Assert.True(Directory.Exists(folder));
        Assert.NotEmpty(Directory.EnumerateDirectories(folder, "postgres-*"));

        await using var next = SandboxProcess.Start();
        await next.ReadyAsync();
        Assert.Contains($"Removed {folder}, left by a sandbox that was killed", next.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
        Assert.Equal(0, await next.InterruptAsync());
    }

    [Fact]
    public async Task Without_postgresql_it_says_how_to_get_it_and_serves_the_rest()
    {
        await using var sandbox = SandboxProcess.Start(environment: new Dictionary<string, string> { [ThrowawayPostgres.BinariesVariable] = "/nonexistent/postgresql/bin" });
        await sandbox.ReadyAsync();
        Assert.Contains("target databases   none: " + ThrowawayPostgres.HowToInstall, sandbox.Output, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(sandbox.GitJitUrl, "healthz"))).StatusCode);
        Assert.Equal(0, await sandbox.InterruptAsync());
    }

    [Fact]
    public async Task A_port_in_use_is_refused_by_name_before_anything_starts()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var sandbox = SandboxProcess.Start(port: port);
        Assert.Equal(1, await sandbox.ExitedAsync());
        Assert.Contains($"sandbox: port {port} (--port) is in use on 127.0.0.1; choose another with --port", sandbox.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "http", "--port must be a port number (1-65535), not 'http'")]
    [InlineData("--folder", null, "--folder needs a value")]
    [InlineData("--colour", "red", "unknown option '--colour'")]
    public void Bad_arguments_are_named(string name, string? value, string error)
    {
        Assert.Null(SandboxOptions.Parse(value is null ? [name] : [name, value], out var said));
        Assert.Equal(error, said);
    }
}
