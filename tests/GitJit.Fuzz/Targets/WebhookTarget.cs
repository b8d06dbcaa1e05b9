using System.Text;
using System.Text.Json;
using GitJit.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace GitJit.Fuzz.Targets;

/// <summary>
/// A webhook delivery whose signature checked out, as the endpoint hands it to <see cref="GitJitWebhookProcessor"/>:
/// the input's first line is the <c>X-GitHub-Event</c> header, the rest is the body. The endpoint answers a
/// <see cref="JsonException"/> with 400 (a refusal); anything else that escapes would be a 500.
/// </summary>
internal sealed class WebhookTarget : IFuzzTarget
{
    /// <summary>As <c>WebhookEndpoint</c>: every other event is acknowledged unread.</summary>
    private static readonly HashSet<string> HandledEvents = new(StringComparer.Ordinal) { "pull_request", "pull_request_review", "issue_comment" };

    private readonly GitJitWebhookProcessor processor = new(new AcceptingInbox(), NullLogger<GitJitWebhookProcessor>.Instance);

    public string Name => "webhook";

    public byte[] Warmup => Encoding.UTF8.GetBytes("""
        issue_comment
        {"action":"created","issue":{"number":7,"pull_request":{"url":"https://api.github.com/repos/acme/access/pulls/7"}},
         "comment":{"body":"/gitjit plan","user":{"login":"alice","id":1,"type":"User"}},
         "repository":{"name":"access","owner":{"login":"acme"}},"installation":{"id":1}}
        """);

    public void Run(ReadOnlySpan<byte> input)
    {
        var newline = input.IndexOf((byte)'\n');
        var eventName = Encoding.UTF8.GetString(newline < 0 ? input : input[..newline]).Trim();
        var body = newline < 0 ? [] : input[(newline + 1)..].ToArray();
        if (!HandledEvents.Contains(eventName)) return;
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-GitHub-Event"] = eventName,
            ["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
            ["X-Hub-Signature-256"] = "sha256=0000",
            ["Content-Type"] = "application/json",
        };
        try
        {
            processor.AcceptAsync(headers, body, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        catch (JsonException)
        {
            // The endpoint's 400: "the payload is not valid JSON for its event".
        }
    }

    private sealed class AcceptingInbox : IWebhookInbox
    {
        public int Pending => 0;

        public Task<bool> AcceptAsync(WebhookDelivery delivery, WebhookWork work, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
