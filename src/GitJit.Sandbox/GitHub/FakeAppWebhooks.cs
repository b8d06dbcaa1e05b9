namespace GitJit.Sandbox.GitHub;

/// <summary>An App's webhook settings: the "Webhook URL" and "Webhook secret" of its settings page.</summary>
public static class FakeAppWebhooks
{
    /// <summary>
    /// From now on, events in repositories of accounts <paramref name="app"/> is installed on are delivered to
    /// <paramref name="url"/>, signed with <paramref name="secret"/> (X-Hub-Signature-256). Calling it again replaces both.
    /// </summary>
    public static FakeApp DeliverTo(this FakeApp app, Uri url, string secret)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        app.State.Webhooks.Subscribe(app, url, secret);
        return app;
    }

    /// <summary>Stops delivering <paramref name="app"/>'s webhooks (an App with no webhook URL).</summary>
    public static FakeApp StopDelivering(this FakeApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.State.Webhooks.Unsubscribe(app);
        return app;
    }

    /// <summary>Where <paramref name="app"/>'s webhooks go, or null when it has no webhook URL.</summary>
    public static Uri? WebhookUrl(this FakeApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.State.Webhooks.SubscriptionOf(app.AppId)?.Url;
    }
}
