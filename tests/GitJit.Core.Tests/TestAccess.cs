using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>Shortcuts to the decision path, against this checkout's example access repository by default.</summary>
internal static class TestAccess
{
    /// <summary>The moment the tests decide at, unless they say otherwise (a start is judged against it).</summary>
    public static DateTimeOffset Now { get; } = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<InMemorySnapshot> Examples = new(ProjectFiles.ExampleRepository);

    public static InMemorySnapshot ExampleRepository() => Examples.Value.Clone();

    public static Task<RequestEvaluation> EvaluateAsync(string text, string path = Requests.AlicePath, InMemorySnapshot? repository = null, TeamDirectory? teams = null, DateTimeOffset? now = null) =>
        EvaluateAsync(Encoding.UTF8.GetBytes(text), path, repository, teams, now);

    public static async Task<RequestEvaluation> EvaluateAsync(byte[] content, string path = Requests.AlicePath, InMemorySnapshot? repository = null, TeamDirectory? teams = null, DateTimeOffset? now = null)
    {
        var access = await AccessRepository.OpenAsync(repository ?? Examples.Value, CancellationToken.None);
        return await RequestRules.EvaluateAsync(access, path, content, teams ?? TeamDirectory.Unknown, now ?? Now, CancellationToken.None);
    }

    /// <summary>The example repository with <paramref name="rule"/> (YAML at the role's indentation) added to its read-only role.</summary>
    public static InMemorySnapshot WithReadOnlyRule(string rule)
    {
        var orders = ProjectFiles.Read("policies/orders-db.yaml");
        return ExampleRepository().With("policies/orders-db.yaml", orders.Replace("    approvals: 1\n", "    approvals: 1\n" + rule, StringComparison.Ordinal));
    }

    /// <summary>The decision on a pull request by <paramref name="author"/> that adds <paramref name="request"/> at <see cref="Requests.AlicePath"/>, with no reviews.</summary>
    public static async Task<PullRequestDecision> DecideAsync(InMemorySnapshot repository, string request, string author, TeamDirectory teams)
    {
        var baseBranch = await AccessRepository.OpenAsync(repository, CancellationToken.None);
        var facts = new PullRequestFacts(author, "1111111111111111111111111111111111111111", [new ChangedFile(Requests.AlicePath, ChangeKind.Added, Encoding.UTF8.GetBytes(request))], []);
        return await PullRequestDecider.DecideAsync(baseBranch, facts, teams, Now, CancellationToken.None);
    }

    public static IEnumerable<string> Codes(this RequestEvaluation evaluation) => evaluation.Findings.Select(f => f.Code);

    public static IEnumerable<Finding> ErrorsOf(this RequestEvaluation evaluation) => evaluation.Findings.Where(f => f.Severity == Severity.Error);
}
