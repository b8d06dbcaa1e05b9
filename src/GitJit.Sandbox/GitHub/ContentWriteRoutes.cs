using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// PUT …/contents/{path} <c>{"message", "content" (base64), "branch", "sha"}</c>: commits the file on the branch (the
/// default branch when none is named) and moves the branch: 201 for a new file, 200 for a replaced one, each with the
/// file's content entry and the commit. As GitHub answers: 422 when the file exists and no "sha" names it, or "content"
/// is not base64; 409 when "sha" is not the file's; 404 "Branch … not found"; an App needs "Contents: write" (403).
/// </summary>
internal static class ContentWriteRoutes
{
    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapPut("/contents/{**path}", async (string owner, string repo, string path, HttpContext context) =>
        {
            if (await GitHubRequestBody.ReadAsync<FileWriteRequest>(context).ConfigureAwait(false) is not { } request) return GitHubResults.BadJson();
            path = Uri.UnescapeDataString(path).Trim('/');
            if (string.IsNullOrEmpty(request.Message)) return GitHubResults.ValidationFailed("Commit", "message", "missing_field");
            byte[] content;
            try
            {
                content = Convert.FromBase64String(request.Content ?? "");
            }
            catch (FormatException)
            {
                return GitHubResults.Unprocessable("content is not valid Base64");
            }
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository is null) return GitHubResults.NotFound();
                if (!MayWrite(context)) return GitHubResults.NotAccessibleByIntegration();
                var branch = request.Branch ?? repository.DefaultBranch;
                if (repository.BranchTip(branch) is not { } tip) return GitHubResults.Error(StatusCodes.Status404NotFound, $"Branch {branch} not found");
                var tree = repository.RequireCommit(tip).Clone();
                var exists = tree.Entries.TryGetValue(path, out var existing);
                if (exists && request.Sha is null) return GitHubResults.Unprocessable("Invalid request.\n\n\"sha\" wasn't supplied.");
                if (request.Sha is { } sha && (!exists || !string.Equals(existing!.Sha, sha, StringComparison.OrdinalIgnoreCase)))
                {
                    return GitHubResults.Error(StatusCodes.Status409Conflict, $"{path} does not match {sha}");
                }
                var commit = repository.CommitUnlocked(tree.With(path, content), [tip]);
                repository.MoveBranch(branch, commit);
                var entry = repository.RequireCommit(commit).Entries[path];
                var api = $"{state.ApiRoot}/repos/{repository.FullName}";
                return GitHubResults.Json(new
                {
                    content = ContentPayloads.File(repository, branch, path, entry, withContent: false),
                    commit = new
                    {
                        sha = commit,
                        node_id = "C_" + commit[..12],
                        url = $"{api}/git/commits/{commit}",
                        html_url = $"{state.WebUrl}{repository.FullName}/commit/{commit}",
                        message = request.Message,
                        tree = new { sha = GitObjectId.Blob(Encoding.UTF8.GetBytes("tree " + commit)), url = $"{api}/git/trees/{commit}" },
                        parents = new[] { new { sha = tip, url = $"{api}/git/commits/{tip}", html_url = $"{state.WebUrl}{repository.FullName}/commit/{tip}" } },
                    },
                }, exists ? StatusCodes.Status200OK : StatusCodes.Status201Created);
            }
        });
    }

    /// <summary>Whether the caller may write contents: an App needs "Contents: write"; a user's token is not checked (the fake models no repository permissions).</summary>
    public static bool MayWrite(HttpContext context) =>
        InstallationTokenFilter.Installation(context) is not { } installation
        || (installation.Permissions.TryGetValue("contents", out var permission) && permission == "write");
}

/// <summary>The body of PUT …/contents/{path}.</summary>
internal sealed record FileWriteRequest(string? Message, string? Content, string? Branch, string? Sha);
