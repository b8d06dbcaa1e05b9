using System.Text.Json;
using System.Text.RegularExpressions;
using GitJit.GitHub;
using GitJit.Testing;

namespace GitJit.Server.Tests.Setup;

/// <summary>The App GitJit asks GitHub for is the App the documentation describes.</summary>
public sealed partial class AppManifestTests
{
    private const string Section = "## The App's permissions and events";

    [Fact]
    public void TheConfigurationGuidesTable_ListsExactlyTheManifestsPermissionsAndEvents()
    {
        var guide = ProjectFiles.Read("docs/configuration.md");
        var start = guide.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/configuration.md has no section \"{Section}\"");
        var end = guide.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var rows = Row().Matches(guide[start..end]).Select(m => (Name: m.Groups["name"].Value, Second: m.Groups["second"].Value.Trim())).ToList();

        var permissions = rows.Where(r => r.Second is "read" or "write" or "admin").ToDictionary(r => r.Name, r => r.Second, StringComparer.Ordinal);
        var events = rows.Where(r => r.Second is not ("read" or "write" or "admin")).Select(r => r.Name).ToList();

        Assert.Equal(GitHubAppManifest.Permissions.OrderBy(p => p.Key, StringComparer.Ordinal), permissions.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(GitHubAppManifest.Events.Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheManifest_AsksForThosePermissionsAndEvents_AndPointsGitHubAtThisServer()
    {
        var root = new Uri("https://gitjit.example.com/");

        using var manifest = JsonDocument.Parse(GitHubAppManifest.Json(
            "GitJit (example)", root, new Uri(root, "api/github/webhooks"), new Uri(root, "setup/done"), new Uri(root, "signin/github")));

        var json = manifest.RootElement;
        Assert.Equal("GitJit (example)", json.GetProperty("name").GetString());
        Assert.Equal("https://gitjit.example.com/api/github/webhooks", json.GetProperty("hook_attributes").GetProperty("url").GetString());
        Assert.True(json.GetProperty("hook_attributes").GetProperty("active").GetBoolean());
        Assert.Equal("https://gitjit.example.com/setup/done", json.GetProperty("redirect_url").GetString());
        Assert.Equal(["https://gitjit.example.com/signin/github"], json.GetProperty("callback_urls").EnumerateArray().Select(u => u.GetString()));
        Assert.False(json.GetProperty("public").GetBoolean());
        Assert.Equal(GitHubAppManifest.Permissions, json.GetProperty("default_permissions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal));
        Assert.Equal(GitHubAppManifest.Events, json.GetProperty("default_events").EnumerateArray().Select(e => e.GetString()!));
    }

    /// <summary>A table row whose first cell is a code span: a permission (then its access) or an event.</summary>
    [GeneratedRegex(@"^\| `(?<name>[a-z_]+)` \| (?<second>[^|]*)\|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
