using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Under /repos/{owner}/{repo}: GET …/commits/{ref}, a commit with its parents and the files it changes against its
/// first parent (all of them for a root commit); GET …/compare/{base}...{head}, the commits and files between the merge
/// base of the two and the head; GET …/pulls/{n}/commits, a pull request's commits, oldest first, at most 250;
/// GET …/branches/{branch}, a branch's tip and whether it is protected.
/// </summary>
internal static class CommitRoutes
{
    /// <summary>GitHub lists at most 300 files in a comparison.</summary>
    public const int MaxCompareFiles = 300;

    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapGet("/commits/{reference}", (string owner, string repo, string reference) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                var sha = repository?.ResolveRef(reference);
                if (repository is null || sha is null || !repository.HasCommit(sha)) return GitHubResults.NotFound();
                var parents = repository.ParentsOf(sha);
                var before = parents.Count > 0 ? repository.RequireCommit(parents[0]) : new FakeTree();
                return GitHubResults.Json(Commit(repository, sha, PullRequestDiff.Files(repository, before, repository.RequireCommit(sha), sha).Take(MaxCompareFiles)));
            }
        });

        repos.MapGet("/branches/{branch}", (string owner, string repo, string branch) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository?.BranchTip(branch) is not { } sha) return GitHubResults.NotFound();
                var url = $"{state.ApiRoot}/repos/{repository.FullName}/branches/{Uri.EscapeDataString(branch)}";
                return GitHubResults.Json(new
                {
                    name = branch,
                    commit = Commit(repository, sha),
                    _links = new { self = url, html = $"{state.WebUrl}{repository.FullName}/tree/{Uri.EscapeDataString(branch)}" },
                    @protected = repository.IsProtectedUnlocked(branch),
                    protection = new { enabled = repository.IsProtectedUnlocked(branch), required_status_checks = new { enforcement_level = "off", contexts = Array.Empty<string>(), checks = Array.Empty<object>() } },
                    protection_url = url + "/protection",
                });
            }
        });

        repos.MapGet("/pulls/{number:int}/commits", (string owner, string repo, int number, HttpContext context) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                var pullRequest = repository?.FindPullRequest(number);
                if (repository is null || pullRequest is null) return GitHubResults.NotFound();
                var commits = pullRequest.CommitsUnlocked().Take(250).Select(c => Commit(repository, c)).ToList();
                return GitHubResults.Json(Pagination.Page(context, commits));
            }
        });

        repos.MapGet("/compare/{basehead}", (string owner, string repo, string basehead) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                var parts = basehead.Split("...");
                if (repository is null || parts.Length != 2) return GitHubResults.NotFound();
                var (baseSha, headSha) = (repository.ResolveRef(parts[0]), repository.ResolveRef(parts[1]));
                if (!repository.HasCommit(baseSha) || !repository.HasCommit(headSha)) return GitHubResults.NotFound();
                var mergeBase = repository.MergeBase(baseSha, headSha);
                if (mergeBase is null) return GitHubResults.NotFound();

                var fromBase = new HashSet<string>(repository.Ancestry(baseSha), StringComparer.OrdinalIgnoreCase);
                var fromHead = repository.Ancestry(headSha);
                var ahead = fromHead.Where(c => !fromBase.Contains(c)).Reverse().ToList();
                var behind = fromBase.Count(c => !fromHead.Contains(c, StringComparer.OrdinalIgnoreCase));
                var files = PullRequestDiff.Files(repository, repository.RequireCommit(mergeBase), repository.RequireCommit(headSha), headSha);
                var url = $"{state.ApiRoot}/repos/{repository.FullName}/compare/{baseSha}...{headSha}";
                return GitHubResults.Json(new
                {
                    url,
                    html_url = $"{state.WebUrl}{repository.FullName}/compare/{baseSha}...{headSha}",
                    permalink_url = $"{state.WebUrl}{repository.FullName}/compare/{repository.Owner}:{baseSha[..7]}...{repository.Owner}:{headSha[..7]}",
                    diff_url = $"{state.WebUrl}{repository.FullName}/compare/{baseSha}...{headSha}.diff",
                    patch_url = $"{state.WebUrl}{repository.FullName}/compare/{baseSha}...{headSha}.patch",
                    base_commit = Commit(repository, baseSha),
                    merge_base_commit = Commit(repository, mergeBase),
                    status = ahead.Count == 0 && behind == 0 ? "identical" : behind == 0 ? "ahead" : ahead.Count == 0 ? "behind" : "diverged",
                    ahead_by = ahead.Count,
                    behind_by = behind,
                    total_commits = ahead.Count,
                    commits = ahead.Take(250).Select(c => Commit(repository, c)).ToArray(),
                    files = files.Take(MaxCompareFiles).ToArray(),
                });
            }
        });
    }

    private static object Commit(FakeRepository repository, string sha, IEnumerable<PullRequestFilePayload>? files = null)
    {
        var state = repository.State;
        var url = $"{state.ApiRoot}/repos/{repository.FullName}/commits/{sha}";
        return new
        {
            sha,
            node_id = "C_" + sha[..12],
            url,
            html_url = $"{state.WebUrl}{repository.FullName}/commit/{sha}",
            comments_url = url + "/comments",
            commit = new { message = "commit " + sha[..7], url = $"{state.ApiRoot}/repos/{repository.FullName}/git/commits/{sha}", comment_count = 0 },
            parents = repository.ParentsOf(sha)
                .Select(parent => new { sha = parent, url = $"{state.ApiRoot}/repos/{repository.FullName}/commits/{parent}", html_url = $"{state.WebUrl}{repository.FullName}/commit/{parent}" })
                .ToArray(),
            files = (files ?? []).ToArray(),
        };
    }
}
