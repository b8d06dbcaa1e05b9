using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitJit.Server;
using GitJit.Server.Intake;
using GitJit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>webhook-intake</c>: starts the real server with PostgreSQL storage as an intake-only instance on loopback, sends
/// signed <c>pull_request</c> deliveries from concurrent clients, and reports deliveries per second and the
/// acknowledgement latency (p50, p99, max) — everything GitHub waits for: signature check, de-duplication in
/// PostgreSQL and the work stored in the inbox — and how long the dispatcher then took to queue each Hangfire job.
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

        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", "pull_request.opened.json")))!;
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
        var inbox = app.Services.GetRequiredService<IWebhookInbox>();
        while (inbox.Pending > 0) await Task.Delay(10);
        var drained = clock.Elapsed.TotalSeconds;
        var queuedAfter = await QueuedAfterAsync(connectionString);
        await app.StopAsync();

        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| deliveries | concurrency | deliveries/s | p50 ms | p99 ms | max ms | failed |\n| --- | --- | --- | --- | --- | --- | --- |\n| {deliveries} | {concurrency} | {deliveries / seconds:F0} | {Percentile(latencies, 0.50):F1} | {Percentile(latencies, 0.99):F1} | {latencies[^1]:F1} | {failures} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nJobs queued by the inbox dispatcher: all {deliveries} after {drained:F1} s; accepted → queued p50 {queuedAfter.P50:F1} ms, p99 {queuedAfter.P99:F1} ms, max {queuedAfter.Max:F1} ms."));
        return failures == 0 ? 0 : 1;
    }

    /// <summary>How long accepted deliveries waited in the inbox before their Hangfire job was queued.</summary>
    private static async Task<(double P50, double P99, double Max)> QueuedAfterAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var query = database.CreateCommand(
            "select percentile_cont(array[0.5, 0.99]) within group (order by ms), max(ms) from " +
            "(select extract(epoch from queued_at - received_at) * 1000 as ms from gitjit_webhook_inbox) waits");
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        var percentiles = await reader.GetFieldValueAsync<double[]>(0);
        return (percentiles[0], percentiles[1], (double)reader.GetDecimal(1));
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
