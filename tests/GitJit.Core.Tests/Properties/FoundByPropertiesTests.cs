using GitJit.Testing;

namespace GitJit.Core.Tests.Properties;

/// <summary>Inputs the property tests found, kept as regression tests with what they must give.</summary>
public sealed class FoundByPropertiesTests
{
    private static readonly string Corpus = Path.Combine(ProjectFiles.Root, "tests", "GitJit.Core.Tests", "Fuzzed", "request");

    /// <summary>
    /// A lone CR breaks a line in YAML (and in most editors): the finding is on line 12 of a file with nine LFs and two
    /// lone CRs, its last line, not past the end. (Found by MutatedRequests, seed 94LGTJqra5M1, whose bound then
    /// counted LFs only.)
    /// </summary>
    [Fact]
    public async Task RequestWithLoneCarriageReturns_GetsItsFinding_OnTheLineYamlCounts()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Corpus, "lone-cr-line-breaks.yaml"));

        var evaluation = await TestAccess.EvaluateAsync(bytes, Requests.AlicePath);

        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal(("yaml.syntax", 12, 1), (finding.Code, finding.Line, finding.Column));
    }
}
