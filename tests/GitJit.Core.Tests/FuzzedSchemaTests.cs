using GitJit.Core.Repository;
using GitJit.Core.Schemas;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>
/// Schemas that crashed the reader under the fuzzer (tests/GitJit.Fuzz, target <c>schema</c>), minimized. Each stands
/// as both repository schemas: it gets the finding its <c>.expect</c> file names, and requests are still evaluated.
/// </summary>
public sealed class FuzzedSchemaTests
{
    private static readonly string Corpus = Path.Combine(ProjectFiles.Root, "tests", "GitJit.Core.Tests", "Fuzzed", "schema");

    public static TheoryData<string> CorpusFiles() =>
        [.. Directory.GetFiles(Corpus).Where(f => !f.EndsWith(".expect", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task FuzzedSchema_GetsItsFinding_AndRequestsAreStillEvaluated(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Corpus, name));
        var expected = (await File.ReadAllTextAsync(Path.Combine(Corpus, name + ".expect"))).Trim();
        var snapshot = TestAccess.ExampleRepository().With(AccessSchema.RequestPath, bytes).With(AccessSchema.PolicyPath, bytes);

        var repository = await AccessRepository.OpenAsync(snapshot, CancellationToken.None);
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, repository: snapshot);

        Assert.Contains(repository.Findings, f => f.Path == AccessSchema.RequestPath && f.Code == expected);
        Assert.Contains(repository.Findings, f => f.Path == AccessSchema.PolicyPath && f.Code == expected);
        Assert.Empty(evaluation.ErrorsOf());
    }
}
