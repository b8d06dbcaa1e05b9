using System.Buffers;
using GitJit.GitHub;
using Microsoft.Extensions.Options;
using Octokit.Webhooks;

namespace GitJit.Server;

/// <summary>
/// <c>POST /api/github/webhooks</c>: verifies the <c>X-Hub-Signature-256</c> HMAC with the configured secret (401 when
/// it is missing or wrong), then hands the delivery to the processor, which only de-duplicates and queues work, so
/// GitHub is answered well within its 10 seconds. Until the signature is checked the sender is anyone, so what is read
/// is bounded (<see cref="WebhookIntakeOptions"/>): the body's size (413), the time it takes to arrive (408), and how
/// many requests are read at once (<see cref="WebhookConcurrencyPolicy"/>, 503).
/// </summary>
public static class WebhookEndpoint
{
    public const string Path = "/api/github/webhooks";

    /// <summary>The events GitJit acts on; every other delivery is acknowledged unread.</summary>
    private static readonly HashSet<string> HandledEvents = new(StringComparer.Ordinal) { "pull_request", "pull_request_review", "issue_comment" };

    public static IEndpointConventionBuilder MapGitJitWebhooks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync).RequireRateLimiting(WebhookConcurrencyPolicy.Name);

    private static async Task<IResult> HandleAsync(
        HttpContext context, GitJitWebhookProcessor processor, IOptions<GitHubOptions> options, IOptions<WebhookIntakeOptions> limits,
        TimeProvider time, ILogger<GitJitWebhookProcessor> logger)
    {
        var headers = context.Request.Headers;
        string? delivery = headers["X-GitHub-Delivery"];
        string? eventName = headers["X-GitHub-Event"];
        if (string.IsNullOrWhiteSpace(delivery) || string.IsNullOrWhiteSpace(eventName))
        {
            Log.DeliveryRefused(logger, delivery, eventName, "missing X-GitHub-Event or X-GitHub-Delivery");
            return Results.BadRequest("X-GitHub-Event and X-GitHub-Delivery are required");
        }
        var maxBody = limits.Value.MaxBodyBytes;
        if (context.Request.ContentLength > maxBody) return TooLarge(context, logger, delivery, eventName, maxBody);

        // Unverified input: read at most the limit, whatever Content-Length says (or does not say), within the time
        // allowed, into a pooled buffer one byte larger than the body may be.
        var capacity = (int)Math.Min(context.Request.ContentLength ?? maxBody, maxBody) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            using var deadline = new CancellationTokenSource(limits.Value.BodyTimeout, time);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
            int length;
            try
            {
                length = await ReadAsync(context.Request.Body, buffer.AsMemory(0, capacity), reading.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                Log.DeliveryRefused(logger, delivery, eventName, $"the body took longer than {limits.Value.BodyTimeout.TotalSeconds:0.#} s to arrive (GitJit:Webhooks:BodyTimeout)");
                // The rest of the body is not waited for either: the connection ends with the answer.
                context.Response.Headers.Connection = "close";
                return Results.StatusCode(StatusCodes.Status408RequestTimeout);
            }
            // A full buffer is a body over the limit (or over its own Content-Length, which the server already prevents).
            if (length == capacity) return TooLarge(context, logger, delivery, eventName, maxBody);

            var body = buffer.AsMemory(0, length);
            var signature = WebhookSignatureValidator.Verify(headers["X-Hub-Signature-256"].ToString(), options.Value.WebhookSecret, body.Span);
            if (signature != WebhookSignatureValidationResult.Valid)
            {
                Log.DeliveryRefused(logger, delivery, eventName, signature.ToString());
                return Results.Unauthorized();
            }

            if (!HandledEvents.Contains(eventName)) return Results.Ok();
            try
            {
                await processor.AcceptAsync(headers.ToDictionary(h => h.Key, h => h.Value), body, context.RequestAborted).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                Log.DeliveryRefused(logger, delivery, eventName, "the payload is not valid JSON for its event");
                return Results.BadRequest("the payload is not valid JSON for its event");
            }
            return Results.Ok();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until the body ends or <paramref name="buffer"/> is full; the count read.</summary>
    private static async Task<int> ReadAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await body.ReadAsync(buffer[length..], cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            length += read;
        }
        return length;
    }

    private static IResult TooLarge(HttpContext context, ILogger logger, string delivery, string eventName, int maxBody)
    {
        context.Response.Headers.Connection = "close";
        Log.DeliveryRefused(logger, delivery, eventName, $"the body is larger than {maxBody} bytes (GitJit:Webhooks:MaxBodyBytes)");
        return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
    }
}
