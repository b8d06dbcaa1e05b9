namespace GitJit.Sandbox.GitHub;

/// <summary>A check run as the app last left it, with every annotation sent across its create and updates.</summary>
public sealed class FakeCheckRun
{
    internal FakeCheckRun(long id, FakeRepository repository, FakeApp app, string name, string headSha)
    {
        Id = id;
        Repository = repository;
        App = app;
        Name = name;
        HeadSha = headSha;
    }

    public long Id { get; }

    public FakeRepository Repository { get; }

    public FakeApp App { get; }

    public string Name { get; internal set; }

    public string HeadSha { get; }

    /// <summary>queued, in_progress or completed.</summary>
    public string Status { get; internal set; } = "queued";

    public string? Conclusion { get; internal set; }

    public string? ExternalId { get; internal set; }

    public string? DetailsUrl { get; internal set; }

    public string? Title { get; internal set; }

    public string? Summary { get; internal set; }

    public string? Text { get; internal set; }

    public DateTimeOffset? StartedAt { get; internal set; }

    public DateTimeOffset? CompletedAt { get; internal set; }

    public IReadOnlyList<FakeCheckRunAnnotation> Annotations => AnnotationList;

    internal List<FakeCheckRunAnnotation> AnnotationList { get; } = [];
}
