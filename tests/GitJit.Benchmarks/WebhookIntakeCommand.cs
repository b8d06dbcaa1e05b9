using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitJit.Server;
using GitJit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>webhook-intake</c>: starts the real server with PostgreSQL storage as an intake-only instance on loopback, sends
/// signed <c>pull_request</c> deliveries from concurrent clients, and reports deliveries per second and the
/// acknowledgement latency (p50, p99, max) — everything GitHub waits for: signature check, de-duplication in
/// PostgreSQL and the queued Hangfire job.
/// </summary>
internal static class WebhookIntakeCommand
{
    private const string Secret = "intake benchmark secret";

    public static Command Create()
    {
        var count = new Option<int>("--deliveries") { Description = "Deliveries to send.", DefaultValueFactory = _ => 5000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Clients sending at once.", DefaultValueFactory = _ => 16 };
        var connection = new Option<string?>("--connection-string") { Description = "PostgreSQL to use (default: GITJIT_TEST_POSTGRES, else a throwaway cluster)." };
        var command = new Command("webhook-intake", "Measure webhook intake: deliveries/s and acknowledgement latency.") { count, concurrency, connection };
        command.SetAction((result, _) => RunAsync(result.GetValue(count), result.GetValue(concurrency), result.GetValue(connection)));
        return command;
    }

    private static async Task<int> RunAsync(int deliveries, int concurrency, string? connectionString)
    {
        connectionString ??= await TestPostgres.CreateDatabaseAsync();
        using var rsa = RSA.Create(2048);
        var app = GitJitApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["GitJit:GitHub:AppId"] = "1",
                ["GitJit:GitHub:PrivateKey"] = rsa.ExportRSAPrivateKeyPem(),
                ["GitJit:GitHub:WebhookSecret"] = Secret,
                ["GitJit:Worker:Enabled"] = "false",
                ["ConnectionStrings:GitJit"] = connectionString,
            });
        });
        await app.StartAsync();
        var url = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), WebhookEndpoint.Path);

        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", "pull_request.opened.json")))!;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        var bodies = Enumerable.Range(0, deliveries + 1).Select(i => Body(template, i)).ToArray();
        await SendAsync(http, url, bodies[0]);

        var latencies = new double[deliveries];
        var next = 0;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i <= deliveries; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                if (!await SendAsync(http, url, bodies[i])) Interlocked.Increment(ref failures);
                latencies[i - 1] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        await app.StopAsync();

        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| deliveries | concurrency | deliveries/s | p50 ms | p99 ms | max ms | failed |\n| --- | --- | --- | --- | --- | --- | --- |\n| {deliveries} | {concurrency} | {deliveries / seconds:F0} | {Percentile(latencies, 0.50):F1} | {Percentile(latencies, 0.99):F1} | {latencies[^1]:F1} | {failures} |"));
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Payloads are made before the clock starts, so the load generator spends its time sending.</summary>
    private static byte[] Body(JsonNode template, int number)
    {
        var payload = template.DeepClone();
        payload["number"] = number + 1;
        payload["pull_request"]!["number"] = number + 1;
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    private static async Task<bool> SendAsync(HttpClient http, Uri url, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
