using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class CheckRunTests
{
    [Fact]
    public async Task CreateThenUpdate_AppendsAnnotationsAndCompletesTheRun()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var sha = server.AddRepository("acme", "access").Commit(new Dictionary<string, string> { ["a"] = "1" });

        var created = await client.Check.Run.Create("acme", "access", new NewCheckRun("gitjit/validate", sha)
        {
            Status = CheckStatus.InProgress,
            Output = new NewCheckRunOutput("Validating", "1 problem so far") { Annotations = [Annotation(1)] },
        });
        var updated = await client.Check.Run.Update("acme", "access", created.Id, new CheckRunUpdate
        {
            Status = CheckStatus.Completed,
            Conclusion = CheckConclusion.Failure,
            Output = new NewCheckRunOutput("2 problems", "See annotations") { Annotations = [Annotation(2)] },
        });

        Assert.Equal((CheckStatus.InProgress, sha), (created.Status.Value, created.HeadSha));
        Assert.Equal((CheckStatus.Completed, CheckConclusion.Failure, 2), (updated.Status.Value, updated.Conclusion!.Value.Value, updated.Output.AnnotationsCount));
        var run = Assert.Single(server.CheckRuns);
        Assert.Equal([1, 2], run.Annotations.Select(a => a.StartLine));
        Assert.Equal(("2 problems", "failure"), (run.Title, run.Conclusion));
    }

    [Fact]
    public async Task Create_WithMoreThan50Annotations_IsRejected()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var sha = server.AddRepository("acme", "access").Commit(new Dictionary<string, string> { ["a"] = "1" });

        await Assert.ThrowsAsync<ApiValidationException>(() => client.Check.Run.Create("acme", "access", new NewCheckRun("gitjit/validate", sha)
        {
            Output = new NewCheckRunOutput("Too many", "51") { Annotations = [.. Enumerable.Range(1, 51).Select(Annotation)] },
        }));
        Assert.Empty(server.CheckRuns);
    }

    [Fact]
    public async Task GetAllForReference_ListsRunsOnThatCommitOnly()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var first = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        var second = repository.Commit(new Dictionary<string, string> { ["a"] = "2" }, first);
        await client.Check.Run.Create("acme", "access", new NewCheckRun("on-first", first));
        await client.Check.Run.Create("acme", "access", new NewCheckRun("on-second", second));

        var runs = await client.Check.Run.GetAllForReference("acme", "access", second);

        Assert.Equal(1, runs.TotalCount);
        Assert.Equal("on-second", Assert.Single(runs.CheckRuns).Name);
        Assert.Equal("gitjit", runs.CheckRuns[0].App.Slug);
    }

    [Fact]
    public async Task GetAllForReference_ByName_KeepsTheLatestRun_OrEveryRunWhenAskedForAll()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["a"] = "1" });
        await client.Check.Run.Create("acme", "access", new NewCheckRun("gitjit", sha) { ExternalId = "first" });
        await client.Check.Run.Create("acme", "access", new NewCheckRun("gitjit", sha) { ExternalId = "second" });
        await client.Check.Run.Create("acme", "access", new NewCheckRun("other", sha));

        var latest = await client.Check.Run.GetAllForReference("acme", "access", sha, new CheckRunRequest { CheckName = "gitjit" });
        var all = await client.Check.Run.GetAllForReference("acme", "access", sha, new CheckRunRequest { CheckName = "gitjit", Filter = CheckRunCompletedAtFilter.All });

        Assert.Equal("second", Assert.Single(latest.CheckRuns).ExternalId);
        Assert.Equal(["first", "second"], all.CheckRuns.Select(r => r.ExternalId));
    }

    private static NewCheckRunAnnotation Annotation(int line) =>
        new("access-requests/a.yaml", line, line, CheckAnnotationLevel.Failure, $"problem on line {line}");
}
