using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GET …/contents/{path}?ref=: a file, a directory listing, or a symlink. As GitHub documents, a symlink whose
/// target is a regular file in the repository answers with that file; any other symlink answers as itself.
/// </summary>
internal static class ContentRoutes
{
    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapGet("/contents", (string owner, string repo, string? @ref) => Get(state, owner, repo, "", @ref));
        repos.MapGet("/contents/{**path}", (string owner, string repo, string? path, string? @ref) =>
            Get(state, owner, repo, Uri.UnescapeDataString(path ?? "").Trim('/'), @ref));
    }

    private static IResult Get(FakeGitHubState state, string owner, string repo, string path, string? reference)
    {
        lock (state.Gate)
        {
            var repository = state.FindRepository(owner, repo);
            reference ??= repository?.DefaultBranch ?? "";
            var tree = repository?.FindTree(reference);
            if (repository is null || tree is null) return GitHubResults.NotFound();

            if (tree.Entries.TryGetValue(path, out var entry))
            {
                if (!entry.IsSymbolicLink) return GitHubResults.Json(ContentPayloads.File(repository, reference, path, entry, withContent: true));
                var target = SymbolicLinkTarget(path, entry);
                return target is not null && tree.Entries.TryGetValue(target, out var file) && !file.IsSymbolicLink
                    ? GitHubResults.Json(ContentPayloads.File(repository, reference, target, file, withContent: true))
                    : GitHubResults.Json(ContentPayloads.SymbolicLink(repository, reference, path, entry, withTarget: true));
            }

            var listing = Directory(repository, tree, reference, path);
            return listing.Count == 0 ? GitHubResults.NotFound() : GitHubResults.Json(listing);
        }
    }

    private static List<ContentPayload> Directory(FakeRepository repository, FakeTree tree, string reference, string path)
    {
        var prefix = path.Length == 0 ? "" : path + "/";
        var listing = new List<ContentPayload>();
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (entryPath, entry) in tree.Entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var slash = entryPath.IndexOf('/', prefix.Length);
            if (slash >= 0) directories.Add(entryPath[..slash]);
            else if (entry.IsSymbolicLink) listing.Add(ContentPayloads.SymbolicLink(repository, reference, entryPath, entry, withTarget: false));
            else listing.Add(ContentPayloads.File(repository, reference, entryPath, entry, withContent: false));
        }

        listing.AddRange(directories.Select(d => ContentPayloads.Directory(repository, reference, d)));
        return [.. listing.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>The repository path a link points at, or null when it leaves the repository.</summary>
    private static string? SymbolicLinkTarget(string linkPath, FakeTreeEntry link)
    {
        var target = System.Text.Encoding.UTF8.GetString(link.Content.Span);
        if (target.StartsWith('/')) return null;
        var parts = linkPath.Split('/')[..^1].ToList();
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part != "..") parts.Add(part);
            else if (parts.Count == 0) return null;
            else parts.RemoveAt(parts.Count - 1);
        }

        return string.Join('/', parts);
    }
}
