namespace GitJit.Server.Intake;

/// <summary>
/// Turns verified deliveries into work in the inbox: pull-request and review events that can change a decision ask
/// for an evaluation of that pull request, merges for the merge decision, comments for a command. A delivery is
/// accepted once — by its id and by its body's hash — and everything that talks to GitHub runs in the job.
/// </summary>
public sealed class GitJitWebhookProcessor(IWebhookInbox inbox, ILogger<GitJitWebhookProcessor> logger)
{
    /// <summary>
    /// Reads a delivery whose signature the caller verified over exactly <paramref name="body"/> and accepts its work,
    /// if any; what the body asked for. Never throws for any body.
    /// </summary>
    public async ValueTask<WebhookReading> AcceptAsync(WebhookEnvelope envelope, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var reading = WebhookPayload.Read(envelope.Event, body);
        if (reading is not WebhookReading.Act { Work: var work }) return reading;

        var delivery = WebhookDelivery.Of(envelope.Delivery, body.Span);
        if (await inbox.AcceptAsync(delivery, work, cancellationToken).ConfigureAwait(false))
        {
            Log.EvaluationQueued(logger, work.FullName, work.PullRequest, delivery.Id, envelope.Event);
        }
        else
        {
            Log.DeliveryRepeated(logger, delivery.Id);
        }
        return reading;
    }
}
