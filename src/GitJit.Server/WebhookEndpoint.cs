using GitJit.GitHub;
using Microsoft.Extensions.Options;
using Octokit.Webhooks;

namespace GitJit.Server;

/// <summary>
/// <c>POST /api/github/webhooks</c>: verifies the <c>X-Hub-Signature-256</c> HMAC with the configured secret (401 when
/// it is missing or wrong), then hands the delivery to the processor, which only de-duplicates and queues work, so
/// GitHub is answered well within its 10 seconds.
/// </summary>
public static class WebhookEndpoint
{
    public const string Path = "/api/github/webhooks";

    /// <summary>The events GitJit acts on; every other delivery is acknowledged unread.</summary>
    private static readonly HashSet<string> HandledEvents = new(StringComparer.Ordinal) { "pull_request", "pull_request_review", "issue_comment" };

    /// <summary>GitHub caps payloads at 25 MB.</summary>
    private const int MaxBody = 25 * 1024 * 1024;

    public static IEndpointConventionBuilder MapGitJitWebhooks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext context, GitJitWebhookProcessor processor, IOptions<GitHubOptions> options, ILogger<GitJitWebhookProcessor> logger)
    {
        var headers = context.Request.Headers;
        string? delivery = headers["X-GitHub-Delivery"];
        string? eventName = headers["X-GitHub-Event"];
        if (string.IsNullOrWhiteSpace(delivery) || string.IsNullOrWhiteSpace(eventName))
        {
            Log.DeliveryRefused(logger, delivery, eventName, "missing X-GitHub-Event or X-GitHub-Delivery");
            return Results.BadRequest("X-GitHub-Event and X-GitHub-Delivery are required");
        }
        if (context.Request.ContentLength > MaxBody)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        // Unverified input: read at most the limit, whatever Content-Length says (or does not say).
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBody) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
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
}
