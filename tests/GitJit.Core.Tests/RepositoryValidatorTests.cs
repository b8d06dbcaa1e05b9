using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Testing;

namespace GitJit.Core.Tests;

public sealed class RepositoryValidatorTests
{
    [Fact]
    public async Task ThisCheckout_IsAValidAccessRepository()
    {
        var report = await RepositoryValidator.ValidateAsync(TestAccess.ExampleRepository(), TeamDirectory.Unknown, TestAccess.Now, CancellationToken.None);

        Assert.True(report.IsClean, string.Join('\n', report.Findings));
        Assert.True(report.Requests >= 3);
        Assert.True(report.Policies >= 2);
    }

    [Fact]
    public async Task EveryProblemInTheRepository_IsReported_Sorted()
    {
        var snapshot = TestAccess.ExampleRepository()
            .With("access-requests/orders-db/long.yaml", Requests.AliceWith("duration", "9h").Replace("alice", "erin", StringComparison.Ordinal))
            .With("access-requests/orders-db/tag.yaml", "requester: !!str alice\n")
            .WithSymbolicLink("access-requests/orders-db/link.yaml", "../../policies/orders-db.yaml")
            .With("access-requests/orders-db/.gitkeep", "")
            .With("policies/notes.txt", "hello")
            .With(".github/CODEOWNERS", ProjectFiles.Read(".github/CODEOWNERS") + "\n!/secret @acme/x\n");

        var report = await RepositoryValidator.ValidateAsync(snapshot, TeamDirectory.Unknown, TestAccess.Now, CancellationToken.None);

        Assert.Equal(
            ["codeowners.negation", "policy.location", "repo.symlink", "request.duration-too-long", "yaml.tag"],
            report.Findings.Where(f => f.Severity != Severity.Notice).Select(f => f.Code).Order());
        Assert.Equal(report.Findings.Order(Finding.Order), report.Findings);
        Assert.False(report.IsClean);
    }

    [Fact]
    public async Task LinkedRequestsAndPoliciesFolders_AreFindings_NotCrashes()
    {
        var snapshot = new InMemorySnapshot()
            .WithSymbolicLink("access-requests", "/tmp/elsewhere")
            .WithSymbolicLink("policies", "/tmp/elsewhere");

        var report = await RepositoryValidator.ValidateAsync(snapshot, TeamDirectory.Unknown, TestAccess.Now, CancellationToken.None);

        Assert.Equal(["access-requests", "policies"], report.Findings.Where(f => f.Code == "repo.symlink").Select(f => f.Path).Order());
        Assert.Equal((0, 0), (report.Requests, report.Policies));
    }
}
