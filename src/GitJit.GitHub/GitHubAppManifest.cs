using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitJit.GitHub;

/// <summary>
/// What GitJit's GitHub App is: the permissions and webhook events it needs, in this one place, and the manifest
/// that creates such an App through GitHub's manifest flow
/// (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest). The configuration
/// guide's table of permissions and events is checked against this type by a test.
/// </summary>
public static class GitHubAppManifest
{
    /// <summary>
    /// The App's repository and organisation permissions, by GitHub's manifest names: contents (audit records,
    /// extension requests' branches and files), pull requests (open extension requests, close expired ones, label),
    /// checks (the <c>gitjit</c> check run), issues (the plan comment and replies), members (teams in CODEOWNERS);
    /// metadata is every App's.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Permissions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["checks"] = "write",
        ["contents"] = "write",
        ["issues"] = "write",
        ["members"] = "read",
        ["metadata"] = "read",
        ["pull_requests"] = "write",
    };

    /// <summary>The webhook events GitJit acts on, by GitHub's names.</summary>
    public static IReadOnlyList<string> Events { get; } = ["issue_comment", "pull_request", "pull_request_review"];

    /// <summary>
    /// The manifest JSON of GitJit's App named <paramref name="name"/>, served at <paramref name="publicUrl"/>: its
    /// webhook at <paramref name="webhookUrl"/>, GitHub sending the browser back to <paramref name="redirectUrl"/>
    /// with the code, and sign-in coming back to <paramref name="callbackUrl"/>. The App is private (installable only
    /// on its owner's account).
    /// </summary>
    public static string Json(string name, Uri publicUrl, Uri webhookUrl, Uri redirectUrl, Uri callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        ArgumentNullException.ThrowIfNull(webhookUrl);
        ArgumentNullException.ThrowIfNull(redirectUrl);
        ArgumentNullException.ThrowIfNull(callbackUrl);
        var permissions = new JsonObject();
        foreach (var (permission, level) in Permissions) permissions[permission] = level;
        var manifest = new JsonObject
        {
            ["name"] = name,
            ["url"] = publicUrl.ToString(),
            ["description"] = "Just-in-time access with guardrails, run from pull requests (GitJit).",
            ["hook_attributes"] = new JsonObject { ["url"] = webhookUrl.ToString(), ["active"] = true },
            ["redirect_url"] = redirectUrl.ToString(),
            ["callback_urls"] = new JsonArray(callbackUrl.ToString()),
            ["request_oauth_on_install"] = false,
            ["public"] = false,
            ["default_permissions"] = permissions,
            ["default_events"] = new JsonArray([.. Events.Select(e => JsonValue.Create(e))]),
        };
        return manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
