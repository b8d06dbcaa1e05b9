using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// POST …/issues/{n}/labels, as GitHub's "add labels to an issue" (a pull request is an issue): adds the named labels,
/// creating any the repository lacks, and answers 200 with every label the issue now has.
/// </summary>
internal static class LabelRoutes
{
    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapPost("/issues/{number:int}/labels", async (string owner, string repo, int number, HttpContext context) =>
        {
            // GitHub takes {"labels": [...]} or, as Octokit sends it, the bare array of names.
            if (await GitHubRequestBody.ReadAsync<System.Text.Json.Nodes.JsonNode>(context).ConfigureAwait(false) is not { } body) return GitHubResults.BadJson();
            var list = body is System.Text.Json.Nodes.JsonObject named ? named["labels"] as System.Text.Json.Nodes.JsonArray : body as System.Text.Json.Nodes.JsonArray;
            var names = list?.Select(n => n is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var name) ? name : null).ToList();
            if (names is not { Count: > 0 } || names.Any(string.IsNullOrWhiteSpace)) return GitHubResults.ValidationFailed("Label", "labels", "missing_field");
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                var pullRequest = repository?.FindPullRequest(number);
                if (repository is null || pullRequest is null) return GitHubResults.NotFound();
                foreach (var name in names.Where(n => !pullRequest.LabelsUnlocked.Contains(n, StringComparer.OrdinalIgnoreCase))) pullRequest.LabelsUnlocked.Add(name!);
                return GitHubResults.Json(pullRequest.LabelsUnlocked.Select(l => LabelPayload.For(repository, l)).ToList());
            }
        });
    }
}

/// <summary>A label as GitHub returns it.</summary>
internal sealed record LabelPayload(long Id, string NodeId, string Url, string Name, string? Description, string Color, bool Default)
{
    public static LabelPayload For(FakeRepository repository, string name)
    {
        // A stable id per name, as a label keeps its id in its repository.
        var id = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name.ToUpperInvariant()))) & 0xFFFFFFFFFFFF;
        return new(id, $"LA_fake{id}", $"{repository.State.ApiRoot}/repos/{repository.FullName}/labels/{Uri.EscapeDataString(name)}", name, null, "ededed", false);
    }
}
