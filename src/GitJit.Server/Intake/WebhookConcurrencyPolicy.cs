using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Intake;

/// <summary>
/// One concurrency limit shared by every webhook request, whoever sends it (<see cref="WebhookIntakeOptions.MaxConcurrent"/>,
/// no queue): what is over it gets 503 with <c>Retry-After</c> at once, before its body is read.
/// </summary>
public sealed class WebhookConcurrencyPolicy(IOptions<WebhookIntakeOptions> options, ILogger<WebhookConcurrencyPolicy> logger) : IRateLimiterPolicy<string>
{
    public const string Name = "webhooks";

    private const int RetryAfterSeconds = 5;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        Log.WebhookOverCapacity(logger, options.Value.MaxConcurrent);
        context.HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetConcurrencyLimiter(Name, _ => new ConcurrencyLimiterOptions { PermitLimit = options.Value.MaxConcurrent, QueueLimit = 0 });
}
