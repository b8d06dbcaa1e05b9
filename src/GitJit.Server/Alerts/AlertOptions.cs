namespace GitJit.Server.Alerts;

/// <summary>Where refused statements are told (section <c>GitJit:Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string SectionName = "GitJit:Alerts";

    /// <summary>An incoming-webhook URL (Slack-compatible: a JSON object with <c>text</c>) told of every refusal; none when unset.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Whether refusals are also told on the grant's pull request (as the App).</summary>
    public bool Comments { get; set; } = true;

    /// <summary>The least time between two alerts of one grant in a pull-request comment; refusals meanwhile are summed up in the next one.</summary>
    public TimeSpan CommentInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two alerts of one grant to the webhook; refusals meanwhile are summed up in the next one.</summary>
    public TimeSpan WebhookInterval { get; set; } = TimeSpan.FromSeconds(10);
}
