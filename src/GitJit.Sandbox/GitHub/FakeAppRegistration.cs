namespace GitJit.Sandbox.GitHub;

/// <summary>
/// What a <see cref="FakeApp"/> was registered with, as GitHub keeps it: its display name, the account that owns it
/// (a user or an organisation), its permissions and webhook events, its webhook (address and secret), where GitHub
/// sends people after they install it (<paramref name="SetupUrl"/>) and the OAuth callback URLs.
/// </summary>
public sealed record FakeAppRegistration(
    string Name,
    string Owner,
    string OwnerType,
    string Description,
    Uri? Url,
    IReadOnlyDictionary<string, string> Permissions,
    IReadOnlyList<string> Events,
    Uri? WebhookUrl,
    bool WebhookActive,
    string? WebhookSecret,
    Uri? SetupUrl,
    IReadOnlyList<Uri> CallbackUrls,
    bool Public)
{
    /// <summary>Permissions GitJit needs, as every test app had before apps came from manifests.</summary>
    private static readonly SortedDictionary<string, string> GitJitPermissions = new(StringComparer.Ordinal)
    {
        ["checks"] = "write",
        ["contents"] = "write",
        ["issues"] = "write",
        ["members"] = "read",
        ["pull_requests"] = "write",
    };

    /// <summary>An app registered by a test: GitJit's permissions and events, owned by the organisation "acme", no webhook.</summary>
    internal static FakeAppRegistration Default(string slug) => new(
        slug, "acme", "Organization", "", null, GitJitPermissions, ["issue_comment", "pull_request", "pull_request_review"],
        null, false, null, null, [], false);
}
