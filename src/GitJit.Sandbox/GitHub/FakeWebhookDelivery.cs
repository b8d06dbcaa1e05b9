namespace GitJit.Sandbox.GitHub;

/// <summary>
/// One webhook delivery the stand-in made to an App, as GitHub's "Recent deliveries" shows it: event, action, where it went,
/// the exact body signed, and how the App answered. <see cref="StatusCode"/> is null while it is queued or being sent, and
/// stays null with <see cref="Error"/> set when every attempt failed to connect.
/// </summary>
public sealed class FakeWebhookDelivery
{
    internal FakeWebhookDelivery(Guid id, long appId, long hookId, string repository, string eventName, string? action, Uri url, string body, DateTimeOffset queuedAt)
    {
        Id = id;
        AppId = appId;
        HookId = hookId;
        Repository = repository;
        Event = eventName;
        Action = action;
        Url = url;
        Body = body;
        QueuedAt = queuedAt;
    }

    /// <summary>The X-GitHub-Delivery GUID, the same for every attempt.</summary>
    public Guid Id { get; }

    public long AppId { get; }

    public long HookId { get; }

    /// <summary>owner/name of the repository the event happened in.</summary>
    public string Repository { get; }

    /// <summary>X-GitHub-Event: pull_request, pull_request_review, issue_comment.</summary>
    public string Event { get; }

    public string? Action { get; }

    public Uri Url { get; }

    /// <summary>The JSON body, exactly as signed and sent.</summary>
    public string Body { get; }

    public DateTimeOffset QueuedAt { get; }

    /// <summary>The App's HTTP status code, or null: not answered (yet).</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>How many times it was sent: more than one when connecting failed.</summary>
    public int Attempts { get; internal set; }

    /// <summary>Why the last attempt got no answer, or null.</summary>
    public string? Error { get; internal set; }

    public DateTimeOffset? DeliveredAt { get; internal set; }

    /// <summary>Whether it is done: answered, or given up after every attempt.</summary>
    public bool IsCompleted { get; internal set; }
}
