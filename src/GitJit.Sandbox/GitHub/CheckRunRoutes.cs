using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// POST …/check-runs (201), PATCH …/check-runs/{id} (200; annotations are appended, as GitHub documents) and
/// GET …/commits/{ref}/check-runs (by check_name when given; filter=latest, the default, keeps each app's newest run
/// of each name, filter=all every run). More than 50 annotations in one request is a 422.
/// </summary>
internal static class CheckRunRoutes
{
    public const int MaxAnnotationsPerRequest = 50;

    public static void Map(IEndpointRouteBuilder repos, FakeGitHubState state)
    {
        repos.MapPost("/check-runs", async (string owner, string repo, HttpContext context) =>
        {
            if (await GitHubRequestBody.ReadAsync<CheckRunRequest>(context).ConfigureAwait(false) is not { } request) return GitHubResults.BadJson();
            if (string.IsNullOrEmpty(request.Name)) return GitHubResults.ValidationFailed("CheckRun", "name", "missing_field");
            if (string.IsNullOrEmpty(request.HeadSha)) return GitHubResults.ValidationFailed("CheckRun", "head_sha", "missing_field");
            if (Invalid(request) is { } invalid) return invalid;
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository is null) return GitHubResults.NotFound();
                if (repository.FindTree(request.HeadSha) is null) return GitHubResults.Unprocessable("No commit found for SHA: " + request.HeadSha);
                if (InstallationTokenFilter.Installation(context)?.App is not { } app) return GitHubResults.AppRequired();
                var run = new FakeCheckRun(state.NextId(), repository, app, request.Name, repository.ResolveRef(request.HeadSha));
                Apply(state, run, request);
                run.StartedAt ??= state.Time.GetUtcNow();
                state.CheckRuns.Add(run);
                return GitHubResults.Json(CheckRunPayload.For(run), StatusCodes.Status201Created);
            }
        });

        repos.MapMethods("/check-runs/{checkRunId:long}", [HttpMethods.Patch], async (string owner, string repo, long checkRunId, HttpContext context) =>
        {
            if (await GitHubRequestBody.ReadAsync<CheckRunRequest>(context).ConfigureAwait(false) is not { } request) return GitHubResults.BadJson();
            if (Invalid(request) is { } invalid) return invalid;
            lock (state.Gate)
            {
                var run = state.CheckRuns.Find(r => r.Id == checkRunId && r.Repository == state.FindRepository(owner, repo));
                if (run is null) return GitHubResults.NotFound();
                if (!string.IsNullOrEmpty(request.Name)) run.Name = request.Name;
                Apply(state, run, request);
                return GitHubResults.Json(CheckRunPayload.For(run));
            }
        });

        repos.MapGet("/commits/{reference}/check-runs", (string owner, string repo, string reference, [FromQuery(Name = "check_name")] string? checkName, string? filter, HttpContext context) =>
        {
            lock (state.Gate)
            {
                var repository = state.FindRepository(owner, repo);
                if (repository is null) return GitHubResults.NotFound();
                var sha = repository.ResolveRef(reference);
                var onCommit = state.CheckRuns.Where(r => r.Repository == repository && r.HeadSha == sha && (checkName is null || r.Name == checkName)).ToList();
                var kept = filter == "all" ? onCommit : [.. onCommit.Where(r => !onCommit.Any(n => n.App == r.App && n.Name == r.Name && n.Id > r.Id))];
                var runs = kept.Select(CheckRunPayload.For).ToList();
                return GitHubResults.Json(new CheckRunListPayload(runs.Count, Pagination.Page(context, runs)));
            }
        });
    }

    private static IResult? Invalid(CheckRunRequest request)
    {
        if (request.Conclusion is not null && request.Status is not null && request.Status != "completed")
        {
            return GitHubResults.ValidationFailed("CheckRun", "status", "invalid", "a conclusion requires status completed");
        }

        if (request.Status == "completed" && request.Conclusion is null)
        {
            return GitHubResults.ValidationFailed("CheckRun", "conclusion", "missing_field", "status completed requires a conclusion");
        }

        var output = request.Output;
        if (output is null) return null;
        if (output.Title is null || output.Summary is null) return GitHubResults.ValidationFailed("CheckRun", "output", "missing_field", "title and summary are required");
        var annotations = output.Annotations ?? [];
        if (annotations.Count > MaxAnnotationsPerRequest)
        {
            return GitHubResults.ValidationFailed("CheckRun", "output.annotations", "invalid", $"at most {MaxAnnotationsPerRequest} annotations per request");
        }

        return annotations.Any(a => a.Path is null || a.StartLine is null || a.EndLine is null || a.AnnotationLevel is null || a.Message is null)
            ? GitHubResults.ValidationFailed("CheckRun", "output.annotations", "missing_field", "path, start_line, end_line, annotation_level and message are required")
            : null;
    }

    private static void Apply(FakeGitHubState state, FakeCheckRun run, CheckRunRequest request)
    {
        run.ExternalId = request.ExternalId ?? run.ExternalId;
        run.DetailsUrl = request.DetailsUrl ?? run.DetailsUrl;
        run.StartedAt = request.StartedAt ?? run.StartedAt;
        if (request.Conclusion is not null)
        {
            run.Conclusion = request.Conclusion;
            run.Status = "completed";
        }
        else if (request.Status is not null)
        {
            run.Status = request.Status;
        }

        if (run.Status == "completed") run.CompletedAt = request.CompletedAt ?? run.CompletedAt ?? state.Time.GetUtcNow();
        if (request.Output is { } output)
        {
            (run.Title, run.Summary, run.Text) = (output.Title, output.Summary, output.Text ?? run.Text);
            run.AnnotationList.AddRange((output.Annotations ?? []).Select(a =>
                new FakeCheckRunAnnotation(a.Path!, a.StartLine!.Value, a.EndLine!.Value, a.AnnotationLevel!, a.Message!, a.Title, a.RawDetails)));
        }
    }
}
