using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace GitJit.Sandbox.GitHub;

/// <summary>Delivers a webhook as GitHub's Hookshot does: event, delivery id and SHA-256 HMAC signature headers.</summary>
internal sealed class WebhookSender : IDisposable
{
    private readonly HttpClient client = new();

    public async Task<HttpResponseMessage> SendAsync(Uri endpoint, string eventName, string jsonPayload, string secret, string? deliveryId, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(jsonPayload);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/fake");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture));
        request.Headers.Add("X-Hub-Signature-256", Signature(body, secret));
        return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"sha256=" and the lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed by <paramref name="secret"/>.</summary>
    public static string Signature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public void Dispose() => client.Dispose();
}
