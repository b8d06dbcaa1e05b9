using System.Text;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>Every file in a pull request is hostile: each file of the corpus gets its finding, and nothing throws or hangs.</summary>
public sealed class HostileFileTests
{
    private static readonly string Corpus = Path.Combine(ProjectFiles.Root, "tests", "GitJit.Core.Tests", "Hostile");

    public static TheoryData<string> CorpusFiles() =>
        [.. Directory.GetFiles(Corpus).Where(f => !f.EndsWith(".expect", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void Corpus_HasAtLeastThirtyHostileFiles()
    {
        Assert.True(CorpusFiles().Count >= 30, $"only {CorpusFiles().Count} files");
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task HostileFile_GetsItsFinding_AndNothingThrows(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Corpus, name));
        var expected = ExpectedCode(name, bytes);
        var path = "access-requests/orders-db/" + name;

        var evaluation = await TestAccess.EvaluateAsync(bytes, path).WaitAsync(TimeSpan.FromSeconds(30));

        if (expected == "valid")
        {
            Assert.Empty(evaluation.ErrorsOf());
            return;
        }
        Assert.Contains(evaluation.ErrorsOf(), f => f.Code.StartsWith(expected, StringComparison.Ordinal));
        Assert.All(evaluation.Findings, f =>
        {
            Assert.Equal(path, f.Path);
            Assert.DoesNotContain(f.Message, c => char.IsControl(c) || c is '\u202e' or '\u202c');
            Assert.True(f.Message.Length < 400, f.Message);
        });
    }

    [Fact]
    public async Task OversizedFile_IsRefusedWithoutReadingItAsYaml()
    {
        var huge = Encoding.UTF8.GetBytes(Requests.AliceReadOnly + "\n# " + new string('x', 2_000_000) + "\n");

        var evaluation = await TestAccess.EvaluateAsync(huge);

        var finding = Assert.Single(evaluation.Findings);
        Assert.Equal("yaml.too-large", finding.Code);
    }

    [Theory]
    [InlineData("access-requests/../policies/orders-db.yaml")]
    [InlineData("access-requests/orders-db/nested/alice.yaml")]
    [InlineData("access-requests/alice.yaml")]
    [InlineData("access-requests/orders-db/has space.yaml")]
    [InlineData("access-requests/orders-db/\u202Elmay.exe")]
    [InlineData("access-requests/orders-db/alice.json")]
    [InlineData("access-requests/orders-db/.hidden.yaml")]
    [InlineData("access-requests//orders-db/alice.yaml")]
    [InlineData("access-requests/orders-db/alice.yaml\n")]
    public async Task RequestPath_OutsideTheLayout_IsRefused(string path)
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, path);

        Assert.Contains("request.location", evaluation.Codes());
    }

    [Fact]
    public async Task RequestInAnotherResourcesFolder_IsRefused()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, "access-requests/analytics-db/alice.yaml");

        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal("request.folder-mismatch", finding.Code);
        Assert.Equal(2, finding.Line);
    }

    private static string ExpectedCode(string name, byte[] bytes)
    {
        var sidecar = Path.Combine(Corpus, name + ".expect");
        if (File.Exists(sidecar)) return File.ReadAllText(sidecar).Trim();
        var firstLine = Encoding.UTF8.GetString(bytes).Split('\n')[0];
        const string prefix = "# expect: ";
        Assert.StartsWith(prefix, firstLine);
        return firstLine[prefix.Length..].Trim();
    }
}
