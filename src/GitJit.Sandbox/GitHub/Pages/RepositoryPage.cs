using System.Globalization;
using System.Text;

namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>A repository: the default branch's files, pull requests, recent commits (git history when git-backed), and recent webhook deliveries.</summary>
internal static class RepositoryPage
{
    public const int Shown = 20;

    public static void Write(HtmlPage page, FakeGitHubState state, FakeRepository repository)
    {
        var root = "/" + repository.FullName;
        if (page.Visitor.IsSignedIn)
        {
            page.Markup("<p>").Link(root + "/request-access", "Request access").Markup(" (opens a pull request adding an access request file)</p>");
        }

        page.Markup("<h2>Pull requests</h2>");
        var pullRequests = repository.PullRequestsUnlocked.Reverse().ToList();
        if (pullRequests.Count == 0) page.Markup("<p class=\"muted\">None yet.</p>");
        page.Markup("<ul>");
        foreach (var pullRequest in pullRequests)
        {
            page.Markup("<li>").Link($"{root}/pull/{pullRequest.Number}", $"#{pullRequest.Number} {pullRequest.Title}")
                .Text($" by {pullRequest.Author}, {PullRequestPage.StateOf(pullRequest)}").Markup("</li>");
        }
        page.Markup("</ul>");

        var branch = repository.DefaultBranch;
        page.Markup("<h2>Files on ").Text(branch).Markup("</h2>");
        if (repository.FindTree(branch) is not { } tree)
        {
            page.Markup("<p class=\"muted\">The branch has no commits yet.</p>");
        }
        else
        {
            page.Markup("<ul>");
            foreach (var path in tree.Entries.Keys) page.Markup("<li>").Link(BlobUrl(repository, branch, path), path).Markup("</li>");
            page.Markup("</ul>");
        }

        page.Markup("<h2>Recent commits on ").Text(branch).Markup("</h2><table><tbody>");
        foreach (var (sha, line) in RecentCommits(repository, branch))
        {
            page.Markup("<tr><td><code>").Text(sha[..Math.Min(7, sha.Length)]).Markup("</code></td><td>").Text(line).Markup("</td></tr>");
        }
        page.Markup("</tbody></table>");

        page.Markup("<h2>Recent webhook deliveries</h2>");
        var deliveries = state.Webhooks.All.Where(d => string.Equals(d.Repository, repository.FullName, StringComparison.OrdinalIgnoreCase)).Reverse().Take(Shown).ToList();
        if (deliveries.Count == 0)
        {
            page.Markup("<p class=\"muted\">None: no App with a webhook URL is installed on this account, or nothing happened yet.</p>");
        }
        else
        {
            page.Markup("<table><thead><tr><th>Event</th><th>Delivery</th><th>Status</th><th>Attempts</th><th>Queued</th></tr></thead><tbody>");
            foreach (var delivery in deliveries)
            {
                var status = delivery.StatusCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : delivery.IsCompleted ? "failed: " + delivery.Error : "pending";
                page.Markup("<tr><td>").Text(delivery.Action is null ? delivery.Event : delivery.Event + "." + delivery.Action)
                    .Markup("</td><td><code>").Text(delivery.Id.ToString()).Markup("</code></td><td>").Text(status)
                    .Markup("</td><td>").Text(delivery.Attempts.ToString(CultureInfo.InvariantCulture))
                    .Markup("</td><td>").Text(delivery.QueuedAt.ToString("u", CultureInfo.InvariantCulture)).Markup("</td></tr>");
            }
            page.Markup("</tbody></table>");
        }
    }

    /// <summary>A file of a commit or branch.</summary>
    public static void WriteFile(HtmlPage page, FakeRepository repository, string reference, string path)
    {
        page.Markup("<p>").Link("/" + repository.FullName, repository.FullName).Text($" at {reference}").Markup("</p>");
        if (repository.FindTree(reference) is not { } tree || !tree.Entries.TryGetValue(path, out var entry))
        {
            page.Markup("<p class=\"alert\">No such file.</p>");
            return;
        }
        page.Pre(Display(entry));
    }

    public static string BlobUrl(FakeRepository repository, string reference, string path) =>
        $"/{repository.FullName}/blob/{Uri.EscapeDataString(reference)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

    /// <summary>A file's text, or a note that it is binary or a link.</summary>
    public static string Display(FakeTreeEntry entry)
    {
        if (entry.Content.Span.Contains((byte)0)) return $"(binary file, {entry.Content.Length} bytes)";
        var text = Encoding.UTF8.GetString(entry.Content.Span);
        return entry.IsSymbolicLink ? "(symbolic link to " + text + ")" : text;
    }

    /// <summary>The newest commits of <paramref name="branch"/>: from git, with author and message, when the repository is on disk.</summary>
    private static IEnumerable<(string Sha, string Line)> RecentCommits(FakeRepository repository, string branch)
    {
        if (repository.GitDirectory is { } directory)
        {
            using var git = new LibGit2Sharp.Repository(directory);
            if (git.Branches[branch]?.Tip is not { } tip) return [];
            var filter = new LibGit2Sharp.CommitFilter { IncludeReachableFrom = tip, SortBy = LibGit2Sharp.CommitSortStrategies.Time };
            return [.. git.Commits.QueryBy(filter).Take(Shown).Select(c =>
                (c.Sha, $"{c.MessageShort} — {c.Author.Name} <{c.Author.Email}>, {c.Author.When.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)}"))];
        }
        return repository.BranchTip(branch) is { } head ? repository.Ancestry(head).Take(Shown).Select(s => (s, "(a commit made through the stand-in's API)")) : [];
    }
}
