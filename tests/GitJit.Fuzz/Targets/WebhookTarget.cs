using System.Text;
using GitJit.Server.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitJit.Fuzz.Targets;

/// <summary>
/// A webhook delivery whose signature checked out, as the endpoint reads it: the input's first line is the
/// <c>X-GitHub-Event</c> header (read by <see cref="WebhookEnvelope"/>), the rest is the body (read by
/// <see cref="GitJitWebhookProcessor"/>). Both answer a malformed input with a reason (the endpoint's 400); anything
/// that escapes would be a 500.
/// </summary>
internal sealed class WebhookTarget : IFuzzTarget
{
    // Made on first use: instrumented code may run only inside the fuzzing loop, not when the targets are listed.
    private readonly Lazy<GitJitWebhookProcessor> processor = new(() => new(new AcceptingInbox(), NullLogger<GitJitWebhookProcessor>.Instance));

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
        var headers = new HeaderDictionary
        {
            [WebhookEnvelope.EventHeader] = Encoding.UTF8.GetString(newline < 0 ? input : input[..newline]),
            [WebhookEnvelope.DeliveryHeader] = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
            ["Content-Type"] = "application/json",
        };
        var (envelope, _) = WebhookEnvelope.Read(headers);
        if (envelope is null) return;
        var body = newline < 0 ? [] : input[(newline + 1)..].ToArray();
        processor.Value.AcceptAsync(envelope, body, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    private sealed class AcceptingInbox : IWebhookInbox
    {
        public int Pending => 0;

        public Task<bool> AcceptAsync(WebhookDelivery delivery, WebhookWork work, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
