namespace GitJit.Sandbox.GitHub;

/// <summary>A check run as POST/PATCH …/check-runs and GET …/commits/{ref}/check-runs return it.</summary>
internal sealed record CheckRunPayload(
    long Id,
    string NodeId,
    string HeadSha,
    string? ExternalId,
    string Url,
    string HtmlUrl,
    string? DetailsUrl,
    string Status,
    string? Conclusion,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    CheckRunOutputPayload Output,
    string Name,
    CheckSuiteReference CheckSuite,
    AppPayload App,
    IReadOnlyList<object> PullRequests)
{
    public static CheckRunPayload For(FakeCheckRun run)
    {
        var state = run.Repository.State;
        var api = $"{state.ApiRoot}/repos/{run.Repository.FullName}/check-runs/{run.Id}";
        return new(
            run.Id,
            $"CR_fake{run.Id}",
            run.HeadSha,
            run.ExternalId,
            api,
            $"{state.WebUrl}{run.Repository.FullName}/runs/{run.Id}",
            run.DetailsUrl,
            run.Status,
            run.Conclusion,
            run.StartedAt,
            run.CompletedAt,
            new(run.Title, run.Summary, run.Text, run.Annotations.Count, api + "/annotations"),
            run.Name,
            new(run.Id),
            new(run.App.AppId, run.App.Slug, $"A_fake{run.App.AppId}", run.App.Slug),
            []);
    }
}

/// <summary>The "output" of a check run as GitHub returns it: annotations as a count and a URL.</summary>
internal sealed record CheckRunOutputPayload(string? Title, string? Summary, string? Text, int AnnotationsCount, string AnnotationsUrl);

/// <summary>The check suite a run belongs to; the fake gives each run its own.</summary>
internal sealed record CheckSuiteReference(long Id);

/// <summary>The app that owns a check run.</summary>
internal sealed record AppPayload(long Id, string Slug, string NodeId, string Name);

/// <summary>GET …/commits/{ref}/check-runs.</summary>
internal sealed record CheckRunListPayload(int TotalCount, IReadOnlyList<CheckRunPayload> CheckRuns);
