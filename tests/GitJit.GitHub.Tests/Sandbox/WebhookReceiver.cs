using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitJit.GitHub.Tests.Sandbox;

/// <summary>An App's webhook endpoint on loopback that records every delivery (headers and exact body) in arrival order.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri Url => new(app.Urls.Single() + "/webhooks");

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>How the endpoint answers; 200 unless a test changes it.</summary>
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/webhooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver.received.Enqueue(new ReceivedWebhook(headers, body));
            return Results.StatusCode(receiver.StatusCode);
        });
        await app.StartAsync();
        return receiver;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

internal sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Event => Headers["X-GitHub-Event"];

    public string? Action => System.Text.Json.JsonDocument.Parse(Body).RootElement.TryGetProperty("action", out var a) ? a.GetString() : null;
}
