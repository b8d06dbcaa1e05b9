using System.Text.RegularExpressions;

namespace GitJit.Cli.Requesting;

/// <summary>
/// The GitHub repository a clone's <c>origin</c> points at: its owner and name (the last two segments of the URL's
/// path, <c>.git</c> dropped) and host, from https (<c>https://github.com/acme/access.git</c>), ssh
/// (<c>git@github.com:acme/access.git</c>, <c>ssh://git@github.com/acme/access</c>) and, for a mirror on disk, a path.
/// </summary>
public sealed partial record OriginUrl(string Url, string Owner, string Name, string? Host, bool IsSsh)
{
    /// <summary>The https URL of the same repository on <see cref="Host"/>, for pushing an ssh origin over https.</summary>
    public string? HttpsUrl => Host is null ? null : $"https://{Host}/{Owner}/{Name}.git";

    /// <summary>The origin of the clone whose git folder is <paramref name="gitFolder"/>; null when it has none or it names no repository.</summary>
    public static OriginUrl? OfClone(string gitFolder)
    {
        using var repository = new LibGit2Sharp.Repository(gitFolder);
        return repository.Network.Remotes["origin"] is { } origin ? Parse(origin.PushUrl ?? origin.Url) : null;
    }

    public static OriginUrl? Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string path;
        string? host = null;
        var isSsh = false;
        if (ScpLike().Match(url) is { Success: true } scp)
        {
            (host, path, isSsh) = (scp.Groups["host"].Value, scp.Groups["path"].Value, true);
        }
        else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git" or "file")
        {
            (host, path, isSsh) = (uri.IsFile ? null : uri.Authority, uri.IsFile ? uri.LocalPath : Uri.UnescapeDataString(uri.AbsolutePath), uri.Scheme == "ssh");
            if (isSsh) host = uri.Host;
        }
        else
        {
            path = url;
        }
        var segments = path.Replace('\\', '/').TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2) return null;
        var name = segments[^1].EndsWith(".git", StringComparison.Ordinal) ? segments[^1][..^4] : segments[^1];
        var owner = segments[^2];
        return name.Length == 0 || owner.Length == 0 ? null : new OriginUrl(url, owner, name, host, isSsh);
    }

    /// <summary>scp-like ssh: <c>[user@]host:path</c>, with no slash before the colon (a Windows drive letter is not a host).</summary>
    [GeneratedRegex(@"^(?:[^@/]+@)?(?<host>[^:/]{2,}):(?<path>[^/].*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();
}
