using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace GitJit.Server.Intake;

/// <summary>
/// What a delivery's headers say: its event (<c>X-GitHub-Event</c>) and id (<c>X-GitHub-Delivery</c>), each one value
/// of a bounded alphabet, and that its body is JSON in UTF-8 (<c>Content-Type: application/json</c>). Header names are
/// matched whatever their case (RFC 9110; HTTP/2 sends them in lower case).
/// </summary>
public sealed record WebhookEnvelope(string Event, string Delivery)
{
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";

    /// <summary>The envelope, or why the headers are not a GitHub delivery's (a short reason for a 400 answer).</summary>
    public static (WebhookEnvelope? Envelope, string? Problem) Read(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (Single(headers[EventHeader]) is not { } eventName || !IsEventName(eventName))
        {
            return (null, $"{EventHeader} must be one event name (lower-case letters, digits and _, at most 64)");
        }
        if (Single(headers[DeliveryHeader]) is not { } delivery || !IsDeliveryId(delivery))
        {
            return (null, $"{DeliveryHeader} must be one delivery id (letters, digits and -, at most 100)");
        }
        if (!IsJson(headers.ContentType))
        {
            return (null, "Content-Type must be application/json (in UTF-8): set the webhook's content type to application/json");
        }
        return (new WebhookEnvelope(eventName, delivery), null);
    }

    /// <summary>The event and delivery id for a log line: each as sent when well formed, else "?" (they are unverified).</summary>
    public static (string Event, string Delivery) ForLog(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var eventName = Single(headers[EventHeader]);
        var delivery = Single(headers[DeliveryHeader]);
        return (eventName is not null && IsEventName(eventName) ? eventName : "?", delivery is not null && IsDeliveryId(delivery) ? delivery : "?");
    }

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private static bool IsEventName(string value) =>
        value.Length is > 0 and <= 64 && char.IsAsciiLetterLower(value[0]) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static bool IsDeliveryId(string value) =>
        value.Length is > 0 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsJson(StringValues contentType) =>
        contentType.Count == 1
        && MediaTypeHeaderValue.TryParse(contentType[0], out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
