using System.Net;
using System.Security.Cryptography;
using System.Text;
using GitJit.Sandbox.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class WebhookTests
{
    [Fact]
    public async Task SendWebhook_SignsTheBodyAndNamesEventAndDelivery()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var received = new TaskCompletionSource<(Dictionary<string, string> Headers, string Body)>();
        await using var receiver = await StartReceiverAsync(received);
        const string payload = "{\"action\":\"opened\",\"number\":1}";

        using var response = await server.SendWebhookAsync(new Uri(receiver.Urls.Single() + "/webhooks"), "pull_request", payload, "s3cret", "delivery-1");

        var (headers, body) = await received.Task;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("s3cret"u8.ToArray(), Encoding.UTF8.GetBytes(payload)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload, body);
        Assert.Equal(expected, headers["X-Hub-Signature-256"]);
        Assert.Equal("pull_request", headers["X-GitHub-Event"]);
        Assert.Equal("delivery-1", headers["X-GitHub-Delivery"]);
        Assert.StartsWith("GitHub-Hookshot/", headers["User-Agent"], StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartReceiverAsync(TaskCompletionSource<(Dictionary<string, string>, string)> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var receiver = builder.Build();
        receiver.MapPost("/webhooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            received.SetResult((headers, await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        await receiver.StartAsync();
        return receiver;
    }
}
