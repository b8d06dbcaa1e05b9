namespace GitJit.Sandbox.GitHub;

/// <summary>Where an App's webhooks go (its "Webhook URL") and the secret they are signed with; <see cref="HookId"/> is X-GitHub-Hook-ID.</summary>
internal sealed record WebhookSubscription(long AppId, long HookId, Uri Url, string Secret);
