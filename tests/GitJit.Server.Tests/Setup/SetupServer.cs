using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using GitJit.Sandbox.GitHub;
using GitJit.Server.Intake;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitJit.Server.Tests.Setup;

/// <summary>
/// GitJit as <c>Program</c> runs it (<see cref="GitJitApp.RunAsync"/>, which builds it again after setup) on a fixed
/// loopback port, with no App configured: GitHub's addresses point at a fake, and the data directory is a test's.
/// </summary>
internal sealed class SetupServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task run = Task.CompletedTask;

    private SetupServer(Uri address, string dataDirectory)
    {
        Address = address;
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    /// <summary>The one-time setup token, as the operator reads it from the data directory.</summary>
    public string Token => File.ReadAllText(Path.Combine(DataDirectory, "setup-token")).Trim();

    public LogLines Logs { get; } = new();

    /// <summary>Settings as an operator with nothing but GitHub's address, the public URL and a data directory would give.</summary>
    public static Dictionary<string, string?> Settings(FakeGitHubServer github, Uri address, string dataDirectory) => new()
    {
        ["GitJit:GitHub:ApiUrl"] = github.ApiUrl.ToString(),
        ["GitJit:GitHub:WebUrl"] = github.WebUrl.ToString(),
        ["GitJit:PublicUrl"] = address.ToString(),
        ["GitJit:DataDirectory"] = dataDirectory,
        ["GitJit:Shutdown:JobGrace"] = "00:00:00.500",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:GitJit"] = "Trace",
    };

    /// <summary>Starts the server, with <paramref name="adjust"/> changing its settings first, and waits until it answers.</summary>
    public static async Task<SetupServer> StartAsync(FakeGitHubServer github, string dataDirectory, Action<Dictionary<string, string?>>? adjust = null)
    {
        var server = new SetupServer(new Uri($"http://127.0.0.1:{FreePort()}/"), dataDirectory);
        var settings = Settings(github, server.Address, dataDirectory);
        adjust?.Invoke(settings);
        server.run = Task.Run(() => GitJitApp.RunAsync([], builder =>
        {
            builder.WebHost.UseUrls(server.Address.ToString());
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<ILoggerProvider>(server.Logs);
        }, server.stop.Token));
        await server.HealthAsync(_ => true);
        return server;
    }

    /// <summary>Asks /healthz until its answer satisfies <paramref name="wanted"/> (or 30 s pass); the server may be restarting meanwhile.</summary>
    public async Task<(HttpStatusCode Status, string Body)> HealthAsync(Func<(HttpStatusCode Status, string Body), bool> wanted)
    {
        using var http = new HttpClient();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (run.IsFaulted) await run;
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "healthz"));
                var answer = (response.StatusCode, await response.Content.ReadAsStringAsync());
                if (wanted(answer)) return answer;
            }
            catch (HttpRequestException)
            {
                // Not listening yet, or between the setup-mode server and the App's.
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the server did not answer /healthz as wanted within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Posts a delivery as GitHub does, signed with <paramref name="secret"/>.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string eventName, string json, string secret)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, WebhookEndpoint.Path.TrimStart('/'))) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(json))));
        return await http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await run;
        }
        finally
        {
            stop.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
