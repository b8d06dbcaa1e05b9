namespace GitJit.Server.Intake;

/// <summary>What a verified delivery's body asks of GitJit: work, nothing, or nothing because it is malformed.</summary>
public abstract record WebhookReading
{
    private WebhookReading()
    {
    }

    /// <summary>A delivery GitJit acts on: <see cref="Work"/> goes to the inbox.</summary>
    public sealed record Act(WebhookWork Work) : WebhookReading;

    /// <summary>
    /// A well-formed delivery of an event or action GitJit does not act on: acknowledged (2xx) and dropped.
    /// <see cref="NotForTheApp"/> marks one GitJit would act on but that carries no installation, so it came from a
    /// repository or organization webhook, not the App's: worth a warning to whoever set it up.
    /// </summary>
    public sealed record Ignore(string Reason, bool NotForTheApp = false) : WebhookReading;

    /// <summary>A body that is not JSON, or not its event's JSON: 400 with <see cref="Reason"/>.</summary>
    public sealed record Malformed(string Reason) : WebhookReading;
}
