using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>Shortcuts to the decision path, against this checkout's example access repository by default.</summary>
internal static class TestAccess
{
    private static readonly Lazy<InMemorySnapshot> Examples = new(ProjectFiles.ExampleRepository);

    public static InMemorySnapshot ExampleRepository() => Examples.Value.Clone();

    public static Task<RequestEvaluation> EvaluateAsync(string text, string path = Requests.AlicePath, InMemorySnapshot? repository = null, TeamDirectory? teams = null) =>
        EvaluateAsync(Encoding.UTF8.GetBytes(text), path, repository, teams);

    public static async Task<RequestEvaluation> EvaluateAsync(byte[] content, string path = Requests.AlicePath, InMemorySnapshot? repository = null, TeamDirectory? teams = null)
    {
        var access = await AccessRepository.OpenAsync(repository ?? Examples.Value, CancellationToken.None);
        return await RequestRules.EvaluateAsync(access, path, content, teams ?? TeamDirectory.Unknown, CancellationToken.None);
    }

    public static IEnumerable<string> Codes(this RequestEvaluation evaluation) => evaluation.Findings.Select(f => f.Code);

    public static IEnumerable<Finding> ErrorsOf(this RequestEvaluation evaluation) => evaluation.Findings.Where(f => f.Severity == Severity.Error);
}
