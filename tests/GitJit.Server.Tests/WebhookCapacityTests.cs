using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GitJit.Server.Intake;

namespace GitJit.Server.Tests;

/// <summary>
/// Anyone can open webhook requests before any signature is checked: how many are read at once, and for how long, is
/// capped. Over real HTTP on loopback, with requests that send the start of their body and then stall or trickle.
/// </summary>
public sealed class WebhookCapacityTests : IAsyncLifetime
{
    private ServerUnderTest server = null!;

    public async Task InitializeAsync()
    {
        var settings = ServerUnderTest.Settings(new Uri("http://127.0.0.1:9/"), 1, ServerUnderTest.UnknownPrivateKeyPem(), "secret");
        settings["GitJit:Webhooks:MaxConcurrent"] = "2";
        settings["GitJit:Webhooks:BodyTimeout"] = "00:00:05";
        server = await ServerUnderTest.StartAsync(settings);
        // Warm: the first request through a new server is slow, and the stalled ones must be in before the next.
        using var warm = await SendUnsignedAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task RequestsBeyondTheConcurrencyCap_GetServiceUnavailable_WithRetryAfter_UntilASlotFrees()
    {
        using var first = await StallAsync();
        using var second = await StallAsync();

        using var excess = await SendUnsignedAsync();
        await first.FinishAsync();
        var firstAnswer = await first.StatusLineAsync();
        using var afterwards = await SendUnsignedAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, excess.StatusCode);
        Assert.NotNull(excess.Headers.RetryAfter);
        Assert.StartsWith("HTTP/1.1 401", firstAnswer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    [Fact]
    public async Task BodiesThatTrickleInPastTheTimeout_AreCutOff_AndFreeTheirSlots()
    {
        // Fast enough for Kestrel's minimum data rate (240 bytes/s), far too slow to finish in time.
        var started = Stopwatch.StartNew();
        using var first = await StallAsync();
        using var second = await StallAsync();
        using var trickling = new CancellationTokenSource();
        var trickles = Task.WhenAll(first.TrickleAsync(trickling.Token), second.TrickleAsync(trickling.Token));

        var answers = await Task.WhenAll(first.StatusLineAsync(), second.StatusLineAsync());
        var waited = started.Elapsed;
        await trickling.CancelAsync();
        await trickles;
        using var afterwards = await SendUnsignedAsync();

        Assert.All(answers, answer => Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal));
        Assert.InRange(waited, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(12));
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    private async Task<HttpResponseMessage> SendUnsignedAsync()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.WebhookUrl) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        return await http.SendAsync(request);
    }

    /// <summary>Opens a connection and sends a webhook request's headers and the start of its body, then waits.</summary>
    private async Task<StalledRequest> StallAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.WebhookUrl.Host, server.WebhookUrl.Port);
        var stream = tcp.GetStream();
        var head = $"POST {WebhookEndpoint.Path} HTTP/1.1\r\nHost: {server.WebhookUrl.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {StalledRequest.Length}\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: {Guid.NewGuid()}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[StalledRequest.Sent]);
        await stream.FlushAsync();
        await Task.Delay(1000);
        return new StalledRequest(tcp, stream);
    }

    private sealed class StalledRequest(TcpClient tcp, NetworkStream stream) : IDisposable
    {
        public const int Length = 512 * 1024;

        /// <summary>What is sent at once, before the stall.</summary>
        public const int Sent = 2048;

        /// <summary>Sends the rest of the body.</summary>
        public async Task FinishAsync() => await stream.WriteAsync(new byte[Length - Sent]);

        /// <summary>Sends the rest of the body 1,000 bytes a second until cancelled or the server hangs up.</summary>
        public async Task TrickleAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await stream.WriteAsync(new byte[1000], cancellationToken);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // Cancelled, or the connection is closed: done either way.
            }
        }

        /// <summary>The answer's status line, e.g. <c>HTTP/1.1 408 Request Timeout</c>; waits at most 30 s.</summary>
        public async Task<string> StatusLineAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = new StringBuilder();
            var one = new byte[1];
            while (await stream.ReadAsync(one, timeout.Token) == 1 && one[0] != '\n') line.Append((char)one[0]);
            return line.ToString().TrimEnd('\r');
        }

        public void Dispose() => tcp.Dispose();
    }
}
