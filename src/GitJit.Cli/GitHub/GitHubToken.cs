using GitJit.Core.Yaml;

namespace GitJit.Cli.GitHub;

/// <summary>
/// The token the CLI acts with on GitHub: <c>GITHUB_TOKEN</c>, else <c>GH_TOKEN</c>, else the gh CLI's
/// <c>hosts.yml</c> (in <c>$GH_CONFIG_DIR</c>, else <c>~/.config/gh</c>) for the API's host. <see cref="ToString"/>
/// never shows the value.
/// </summary>
public sealed class GitHubToken
{
    /// <summary>Where a missing token can come from, for messages.</summary>
    public const string Sources = "set GITHUB_TOKEN or GH_TOKEN, or sign in with 'gh auth login' (read from $GH_CONFIG_DIR or ~/.config/gh/hosts.yml, oauth_token)";

    private GitHubToken(string value, string source)
    {
        Value = value;
        Source = source;
    }

    public string Value { get; }

    /// <summary>Where it was found: GITHUB_TOKEN, GH_TOKEN or the hosts.yml path.</summary>
    public string Source { get; }

    public override string ToString() => $"a token from {Source}";

    /// <summary>The token for <paramref name="gitHubHost"/> (github.com, or a GitHub Enterprise Server host), or null.</summary>
    public static GitHubToken? Find(CliEnvironment environment, string gitHubHost)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in new[] { "GITHUB_TOKEN", "GH_TOKEN" })
        {
            if (environment.Variable(name)?.Trim() is { Length: > 0 } value) return new(value, name);
        }
        var folder = environment.Variable("GH_CONFIG_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment.HomeDirectory, ".config", "gh");
        var hosts = Path.Combine(folder, "hosts.yml");
        if (!File.Exists(hosts)) return null;
        var (root, _) = SafeYamlReader.Read(hosts, File.ReadAllBytes(hosts));
        return root is YamlMapping mapping
            && mapping[gitHubHost] is YamlMapping host
            && host["oauth_token"] is YamlScalar { Value.Length: > 0 } token
            ? new(token.Value.Trim(), hosts)
            : null;
    }
}
