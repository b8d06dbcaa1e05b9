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

    public static IEnumerable<string> Codes(this RequestEvaluation evaluation) => evaluation.Findings.Select(f => f.Code);

    public static IEnumerable<Finding> ErrorsOf(this RequestEvaluation evaluation) => evaluation.Findings.Where(f => f.Severity == Severity.Error);
}
