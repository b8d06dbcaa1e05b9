using System.Buffers;
using GitJit.GitHub;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Intake;

/// <summary>
/// <c>POST /api/github/webhooks</c>. Until the signature is checked the sender is anyone, so what is read is bounded
/// (<see cref="WebhookIntakeOptions"/>): the body's size (413), the time it takes to arrive (408), and how many
/// requests are read at once (<see cref="WebhookConcurrencyPolicy"/>, 503). Then, in this order: the
/// <c>X-Hub-Signature-256</c> HMAC over the exact bytes with the configured secret (unsigned, forged or changed on the
/// way: 401; a malformed signature: 400); the headers (<see cref="WebhookEnvelope"/>, 400); the body
/// (<see cref="WebhookPayload"/>, 400). Every refusal carries a short reason as text. What is left is acknowledged with
/// 200: work goes to the processor, which only de-duplicates and queues, so GitHub is answered well within its 10 s.
/// Header names are matched whatever their case, over HTTP/1.1 and HTTP/2 alike.
/// </summary>
public static class WebhookEndpoint
{
    public const string Path = "/api/github/webhooks";

    public static IEndpointConventionBuilder MapGitJitWebhooks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync).RequireRateLimiting(WebhookConcurrencyPolicy.Name);

    private static async Task<IResult> HandleAsync(
        HttpContext context, GitJitWebhookProcessor processor, IOptions<GitHubOptions> options, IOptions<WebhookIntakeOptions> limits,
        TimeProvider time, ILogger<GitJitWebhookProcessor> logger)
    {
        var headers = context.Request.Headers;
        var (eventName, delivery) = WebhookEnvelope.ForLog(headers);
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
            switch (WebhookSignature.Check(headers[WebhookSignature.Header].ToString(), options.Value.WebhookSecret, body.Span))
            {
                case WebhookSignatureCheck.Missing:
                    return Refuse(logger, delivery, eventName, StatusCodes.Status401Unauthorized, $"the delivery is unsigned: {WebhookSignature.Header} is missing");
                case WebhookSignatureCheck.Malformed:
                    return Refuse(logger, delivery, eventName, StatusCodes.Status400BadRequest, $"{WebhookSignature.Header} must be one sha256= and 64 hex digits");
                case WebhookSignatureCheck.Mismatch:
                    return Refuse(logger, delivery, eventName, StatusCodes.Status401Unauthorized, $"{WebhookSignature.Header} does not match the body: signed with another secret, or changed on the way");
            }

            var (envelope, problem) = WebhookEnvelope.Read(headers);
            if (envelope is null) return Refuse(logger, delivery, eventName, StatusCodes.Status400BadRequest, problem!);
            switch (await processor.AcceptAsync(envelope, body, context.RequestAborted).ConfigureAwait(false))
            {
                case WebhookReading.Malformed malformed:
                    return Refuse(logger, delivery, eventName, StatusCodes.Status400BadRequest, malformed.Reason);
                case WebhookReading.Ignore { NotForTheApp: true } ignored:
                    Log.DeliveryNotForTheApp(logger, delivery, eventName, ignored.Reason);
                    break;
                case WebhookReading.Ignore ignored:
                    Log.DeliveryIgnored(logger, delivery, eventName, ignored.Reason);
                    break;
            }
            return Results.Ok();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult Refuse(ILogger logger, string delivery, string eventName, int status, string reason)
    {
        Log.DeliveryRefused(logger, delivery, eventName, reason);
        return Results.Text(reason + "\n", "text/plain; charset=utf-8", statusCode: status);
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
