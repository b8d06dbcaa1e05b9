using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Branches as git references, under /repos/{owner}/{repo}: GET …/git/ref/heads/{branch} (404 when there is none; the
/// older …/git/refs/heads/{prefix} lists the branches under a prefix) and
/// POST …/git/refs <c>{"ref": "refs/heads/…", "sha": …}</c>, which creates a branch (201, with a Location header). As
/// GitHub answers: 422 "Reference already exists", "Object does not exist" for an unknown sha, "Reference name must
/// start with 'refs/' and have at least two slashes." (only branches are modelled here); an App needs "Contents: write"
/// (403 "Resource not accessible by integration").
/// </summary>
internal static class GitRefRoutes
{
    private const string Heads = "refs/heads/";

    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapGet("/git/ref/{**reference}", (string owner, string repo, string reference) => Get(state, owner, repo, reference, matching: false));
        // The older form Octokit uses: an exact name answers with the reference, a prefix with the list of those under it.
        repos.MapGet("/git/refs/{**reference}", (string owner, string repo, string reference) => Get(state, owner, repo, reference, matching: true));

        repos.MapPost("/git/refs", async (string owner, string repo, HttpContext context) =>
        {
            if (await GitHubRequestBody.ReadAsync<NewReferenceRequest>(context).ConfigureAwait(false) is not { } request) return GitHubResults.BadJson();
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository is null) return GitHubResults.NotFound();
                if (!ContentWriteRoutes.MayWrite(context)) return GitHubResults.NotAccessibleByIntegration();
                if (request.Ref is not { } name || !name.StartsWith(Heads, StringComparison.Ordinal) || name.Length == Heads.Length)
                {
                    return GitHubResults.Unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
                }
                if (request.Sha is not { } sha || !repository.HasCommit(sha)) return GitHubResults.Unprocessable("Object does not exist");
                var branch = name[Heads.Length..];
                if (repository.BranchTip(branch) is not null) return GitHubResults.Unprocessable("Reference already exists");
                repository.MoveBranch(branch, sha);
                var payload = Payload(repository, branch, sha);
                context.Response.Headers.Location = payload.Url;
                return GitHubResults.Json(payload, StatusCodes.Status201Created);
            }
        });
    }

    private static IResult Get(FakeGitHubState state, string owner, string repo, string reference, bool matching)
    {
        lock (state.Gate)
        {
            var repository = state.FindRepository(owner, repo);
            if (repository is null || !reference.StartsWith("heads/", StringComparison.Ordinal)) return GitHubResults.NotFound();
            var branch = reference["heads/".Length..];
            if (repository.BranchTip(branch) is { } sha) return GitHubResults.Json(Payload(repository, branch, sha));
            var under = matching ? repository.BranchesUnlocked.Where(b => b.Key.StartsWith(branch, StringComparison.Ordinal)).OrderBy(b => b.Key, StringComparer.Ordinal).ToList() : [];
            return under.Count == 0 ? GitHubResults.NotFound() : GitHubResults.Json(under.Select(b => Payload(repository, b.Key, b.Value)).ToList());
        }
    }

    private static ReferencePayload Payload(FakeRepository repository, string branch, string sha)
    {
        var api = $"{repository.State.ApiRoot}/repos/{repository.FullName}/git";
        return new ReferencePayload(Heads + branch, "REF_" + sha[..12], $"{api}/refs/heads/{branch}", new ReferenceObjectPayload("commit", sha, $"{api}/commits/{sha}"));
    }
}

/// <summary>The body of POST …/git/refs.</summary>
internal sealed record NewReferenceRequest(string? Ref, string? Sha);

internal sealed record ReferencePayload(string Ref, string NodeId, string Url, ReferenceObjectPayload Object);

internal sealed record ReferenceObjectPayload(string Type, string Sha, string Url);
