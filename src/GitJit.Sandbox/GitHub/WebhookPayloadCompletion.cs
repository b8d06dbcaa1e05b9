using System.Text.Json.Nodes;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Fills in the users, repositories and organization of a webhook body with the fields GitHub's deliveries carry beyond
/// what the REST builders put there (API URL templates, counts, flags), so a delivery has the shape of GitHub's own and
/// the webhook library, which requires them, reads it. Fields already there are left as they are.
/// </summary>
internal static class WebhookPayloadCompletion
{
    public static void Complete(JsonNode? node, FakeGitHubState state)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (_, child) in json.ToList()) Complete(child, state);
                if (json.ContainsKey("login") && json.ContainsKey("type")) User(json, state);
                else if (json.ContainsKey("full_name") && json.ContainsKey("owner")) Repository(json);
                break;
            case JsonArray array:
                foreach (var child in array) Complete(child, state);
                break;
        }
    }

    public static JsonObject Organization(FakeOrganization organization, FakeGitHubState state)
    {
        var url = $"{state.ApiRoot}/orgs/{Uri.EscapeDataString(organization.Login)}";
        return new JsonObject
        {
            ["login"] = organization.Login,
            ["id"] = organization.Id,
            ["node_id"] = $"O_fake{organization.Id}",
            ["url"] = url,
            ["repos_url"] = url + "/repos",
            ["events_url"] = url + "/events",
            ["hooks_url"] = url + "/hooks",
            ["issues_url"] = url + "/issues",
            ["members_url"] = url + "/members{/member}",
            ["public_members_url"] = url + "/public_members{/member}",
            ["avatar_url"] = $"{state.WebUrl}avatars/{Uri.EscapeDataString(organization.Login)}",
            ["description"] = "",
        };
    }

    private static void User(JsonObject user, FakeGitHubState state)
    {
        var url = user["url"]?.GetValue<string>() ?? $"{state.ApiRoot}/users/{Uri.EscapeDataString(user["login"]!.GetValue<string>())}";
        Add(user, "gravatar_id", "");
        Add(user, "followers_url", url + "/followers");
        Add(user, "following_url", url + "/following{/other_user}");
        Add(user, "gists_url", url + "/gists{/gist_id}");
        Add(user, "starred_url", url + "/starred{/owner}{/repo}");
        Add(user, "subscriptions_url", url + "/subscriptions");
        Add(user, "organizations_url", url + "/orgs");
        Add(user, "repos_url", url + "/repos");
        Add(user, "events_url", url + "/events{/privacy}");
        Add(user, "received_events_url", url + "/received_events");
    }

    private static void Repository(JsonObject repository)
    {
        var api = repository["url"]!.GetValue<string>();
        var html = repository["html_url"]!.GetValue<string>();
        foreach (var (key, path) in UrlTemplates) Add(repository, key, api + path);
        Add(repository, "description", null);
        Add(repository, "created_at", "2026-01-01T00:00:00Z");
        Add(repository, "updated_at", "2026-01-01T00:00:00Z");
        Add(repository, "pushed_at", "2026-01-01T00:00:00Z");
        Add(repository, "git_url", html.Replace("http://", "git://", StringComparison.Ordinal).Replace("https://", "git://", StringComparison.Ordinal) + ".git");
        Add(repository, "ssh_url", "git@" + new Uri(html).Host + ":" + repository["full_name"]!.GetValue<string>() + ".git");
        Add(repository, "svn_url", html);
        Add(repository, "homepage", null);
        Add(repository, "size", 0);
        Add(repository, "stargazers_count", 0);
        Add(repository, "watchers_count", 0);
        Add(repository, "language", null);
        Add(repository, "has_issues", true);
        Add(repository, "has_projects", false);
        Add(repository, "has_downloads", true);
        Add(repository, "has_wiki", false);
        Add(repository, "has_pages", false);
        Add(repository, "forks_count", 0);
        Add(repository, "mirror_url", null);
        Add(repository, "disabled", false);
        Add(repository, "open_issues_count", 0);
        Add(repository, "license", null);
        Add(repository, "forks", 0);
        Add(repository, "open_issues", 0);
        Add(repository, "watchers", 0);
        Add(repository, "is_template", false);
        Add(repository, "topics", new JsonArray());
        Add(repository, "web_commit_signoff_required", false);
        Add(repository, "custom_properties", new JsonObject());
    }

    private static readonly (string Key, string Path)[] UrlTemplates =
    [
        ("forks_url", "/forks"), ("keys_url", "/keys{/key_id}"), ("collaborators_url", "/collaborators{/collaborator}"), ("teams_url", "/teams"),
        ("hooks_url", "/hooks"), ("issue_events_url", "/issues/events{/number}"), ("events_url", "/events"), ("assignees_url", "/assignees{/user}"),
        ("branches_url", "/branches{/branch}"), ("tags_url", "/tags"), ("blobs_url", "/git/blobs{/sha}"), ("git_tags_url", "/git/tags{/sha}"),
        ("git_refs_url", "/git/refs{/sha}"), ("trees_url", "/git/trees{/sha}"), ("statuses_url", "/statuses/{sha}"), ("languages_url", "/languages"),
        ("stargazers_url", "/stargazers"), ("contributors_url", "/contributors"), ("subscribers_url", "/subscribers"), ("subscription_url", "/subscription"),
        ("commits_url", "/commits{/sha}"), ("git_commits_url", "/git/commits{/sha}"), ("comments_url", "/comments{/number}"),
        ("issue_comment_url", "/issues/comments{/number}"), ("contents_url", "/contents/{+path}"), ("compare_url", "/compare/{base}...{head}"),
        ("merges_url", "/merges"), ("archive_url", "/{archive_format}{/ref}"), ("downloads_url", "/downloads"), ("issues_url", "/issues{/number}"),
        ("pulls_url", "/pulls{/number}"), ("milestones_url", "/milestones{/number}"), ("notifications_url", "/notifications{?since,all,participating}"),
        ("labels_url", "/labels{/name}"), ("releases_url", "/releases{/id}"), ("deployments_url", "/deployments"),
    ];

    private static void Add(JsonObject json, string key, JsonNode? value)
    {
        if (!json.ContainsKey(key)) json[key] = value;
    }
}
