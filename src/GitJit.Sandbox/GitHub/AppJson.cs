namespace GitJit.Sandbox.GitHub;

/// <summary>A GitHub App as the REST API shows it (GET /app, and the manifest conversion, which adds its secrets).</summary>
internal static class AppJson
{
    /// <summary>The App's public fields. Call under the state's gate.</summary>
    public static Dictionary<string, object?> Of(FakeGitHubState state, FakeApp app, int? installations = null)
    {
        var registration = app.Registration;
        var payload = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = app.AppId,
            ["slug"] = app.Slug,
            ["node_id"] = "A_" + app.AppId,
            ["owner"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["login"] = registration.Owner,
                ["id"] = registration.Owner == "acme" && registration.OwnerType == "Organization" ? 1 : state.UserId(registration.Owner),
                ["type"] = registration.OwnerType,
                ["html_url"] = $"{state.WebUrl}{registration.Owner}",
            },
            ["name"] = registration.Name,
            ["description"] = registration.Description,
            ["external_url"] = (registration.Url ?? state.WebUrl).ToString(),
            ["html_url"] = app.HtmlUrl.ToString(),
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["updated_at"] = "2026-01-01T00:00:00Z",
            ["permissions"] = new SortedDictionary<string, string>(registration.Permissions.ToDictionary(), StringComparer.Ordinal),
            ["events"] = registration.Events,
        };
        if (installations is { } count) payload["installations_count"] = count;
        return payload;
    }
}
