using System.Security.Cryptography;
using System.Text;
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

    private ServerUnderTest(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Uri WebhookUrl => new(Address, WebhookEndpoint.Path);

    public IServiceProvider Services => app.Services;

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
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServerUnderTest(app, new Uri(address));
    }

    /// <summary>Settings for an App whose GitHub is at <paramref name="apiUrl"/>.</summary>
    public static Dictionary<string, string?> Settings(Uri apiUrl, long appId, string privateKeyPem, string? secret) => new()
    {
        ["GitJit:GitHub:AppId"] = appId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GitJit:GitHub:PrivateKey"] = privateKeyPem,
        ["GitJit:GitHub:WebhookSecret"] = secret,
        ["GitJit:GitHub:ApiUrl"] = apiUrl.ToString(),
    };

    public static string NewPrivateKeyPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    }

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
