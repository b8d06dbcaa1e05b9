using System.Security.Cryptography;
using System.Text;
using GitJit.Server.Intake;
using Hangfire;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>The real GitJit server on a loopback port, configured the way an operator would.</summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly WebApplication app;

    private ServerUnderTest(WebApplication app, Uri address, Uri? h2cAddress)
    {
        this.app = app;
        Address = address;
        H2cAddress = h2cAddress;
    }

    /// <summary>Where the server speaks HTTP/1.1.</summary>
    public Uri Address { get; }

    /// <summary>Where the server speaks HTTP/2 without TLS (prior knowledge), when started with <see cref="WithH2c"/>.</summary>
    public Uri? H2cAddress { get; }

    public Uri WebhookUrl => new(Address, WebhookEndpoint.Path);

    public Uri H2cWebhookUrl => new(H2cAddress ?? throw new InvalidOperationException("started without WithH2c"), WebhookEndpoint.Path);

    /// <summary>
    /// Adds to <paramref name="settings"/> the Kestrel endpoints README gives for h2c: one for HTTP/1.1 and one for
    /// HTTP/2 alone, which Kestrel serves without TLS to clients with prior knowledge.
    /// </summary>
    public static Dictionary<string, string?> WithH2c(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0";
        settings["Kestrel:Endpoints:H2c:Url"] = $"http://127.0.0.1:{FreePort()}";
        settings["Kestrel:Endpoints:H2c:Protocols"] = "Http2";
        return settings;
    }

    public IServiceProvider Services => app.Services;

    /// <summary>This server's Hangfire storage: its jobs, and no other server's in the process.</summary>
    public JobStorage Jobs => app.Services.GetRequiredService<JobStorage>();

    /// <summary>
    /// Waits until every delivery this server accepted is queued and every job queued on its storage has finished: both
    /// seen at rest twice in a row, as a job may queue another between two readings.
    /// </summary>
    public async Task JobsDoneAsync()
    {
        var inbox = Services.GetRequiredService<IWebhookInbox>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var atRest = 0; atRest < 2; atRest = Busy() ? 0 : atRest + 1)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "jobs still running after 30 s\n" + JobTroubles());
            await Task.Delay(50);
        }

        bool Busy() => inbox.Pending > 0 || Jobs.GetMonitoringApi().GetStatistics() is { Enqueued: > 0 } or { Processing: > 0 };
    }

    /// <summary>
    /// Whether <paramref name="job"/> was made by one of the server's recurring schedules (the reconciler's every minute,
    /// the pending-request sweep's every hour) rather than by a delivery: tests counting a delivery's jobs leave them out.
    /// </summary>
    public static bool IsRecurring(Hangfire.Common.Job? job) =>
        job?.Type == typeof(GitJit.Server.Grants.Reconciler) || job?.Type == typeof(GitJit.Server.Jobs.PendingRequestSweep);

    /// <summary>Why jobs failed or were retried so far (Hangfire's state reasons), to explain a test that waited in vain.</summary>
    public string JobTroubles()
    {
        var monitoring = Jobs.GetMonitoringApi();
        var ids = monitoring.ScheduledJobs(0, 100).Select(j => j.Key).Concat(monitoring.FailedJobs(0, 100).Select(j => j.Key));
        return string.Join("\n", ids.SelectMany(id => monitoring.JobDetails(id)?.History ?? []).Where(h => h.Reason is not null).Select(h => $"{h.StateName}: {h.Reason}"));
    }

    public static async Task<ServerUnderTest> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var app = GitJitApp.Build([], builder =>
        {
            services?.Invoke(builder.Services);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
            builder.Configuration.AddInMemoryCollection(settings);
        });
        await app.StartAsync();
        var h2c = settings.TryGetValue("Kestrel:Endpoints:H2c:Url", out var url) && url is not null ? new Uri(url) : null;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a));
        return new ServerUnderTest(app, addresses.First(a => a.Port != h2c?.Port), h2c);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Settings for an App whose GitHub is at <paramref name="apiUrl"/>.</summary>
    public static Dictionary<string, string?> Settings(Uri apiUrl, long appId, string privateKeyPem, string? secret) => new()
    {
        ["GitJit:GitHub:AppId"] = appId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GitJit:GitHub:PrivateKey"] = privateKeyPem,
        ["GitJit:GitHub:WebhookSecret"] = secret,
        ["GitJit:GitHub:ApiUrl"] = apiUrl.ToString(),
        // Servers under test stop often, some with jobs held on purpose: cancel them at once, as Hangfire's default did,
        // rather than after production's grace (ShutdownTests covers the grace).
        ["GitJit:Shutdown:JobGrace"] = "00:00:00.500",
    };

    /// <summary>An App private key that no fake GitHub knows: made once per run, as making one takes up to a second.</summary>
    public static string UnknownPrivateKeyPem() => UnknownPrivateKey.Value;

    private static readonly Lazy<string> UnknownPrivateKey = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    });

    /// <summary>Posts a delivery the way GitHub does, signed with <paramref name="secret"/> (or unsigned when null).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string eventName, string json, string? secret, string? delivery = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        if (secret is not null)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(json));
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(mac));
        }
        return await http.SendAsync(request);
    }

    /// <summary>
    /// Revokes whatever access this server's grants still hold in the target database. Roles are cluster-wide and grant
    /// ids repeat from test to test (acme/access#1), so a test leaves none behind for the next one to trip over.
    /// </summary>
    public async Task RevokeLeftoversAsync(string targetConnectionString)
    {
        var provider = Services.GetRequiredService<GitJit.Core.Grants.AccessProviders>().For("postgres");
        var database = new Npgsql.NpgsqlConnectionStringBuilder(targetConnectionString).Database;
        foreach (var access in (await provider.ListAsync(CancellationToken.None)).Where(a => a.Database == database))
        {
            await provider.RevokeAsync(access, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
