using GitJit.Core.CodeOwners;

namespace GitJit.Core.Tests.CodeOwners;

public sealed class InvalidLineTests
{
    [Theory]
    [InlineData("!/docs/ @doctocat", "codeowners.negation", 1)]
    [InlineData("Python/ceval*.[ch] @markshannon", "codeowners.range", 15)]
    [InlineData("  docs/]x @doctocat", "codeowners.range", 8)]
    [InlineData(@"\#file_with_pound.rb @owner", "codeowners.escaped-hash", 1)]
    [InlineData("/ @doctocat", "codeowners.matches-nothing", 1)]
    [InlineData(@"docs\", "codeowners.invalid-pattern", 5)]
    [InlineData("*.js @js-owner not-an-owner", "codeowners.invalid-owner", 16)]
    [InlineData("*.js @js-owner @org/team/extra", "codeowners.invalid-owner", 16)]
    public void InvalidLine_IsReportedWithItsPosition_AndSkipped(string line, string code, int column)
    {
        // Arrange
        var text = $"* @everyone\n\n{line}\n";

        // Act
        var file = CodeOwnersFile.Parse(".github/CODEOWNERS", text);

        // Assert
        var finding = Assert.Single(file.Findings);
        Assert.Equal(code, finding.Code);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(".github/CODEOWNERS", finding.Path);
        Assert.Equal(3, finding.Line);
        Assert.Equal(column, finding.Column);
        Assert.Equal("* @everyone", string.Join(" ", file.Rules.Select(r => $"{r.Pattern} {string.Join(' ', r.Owners)}")));
    }

    [Fact]
    public void InvalidLines_DoNotStopOtherLinesFromWorking()
    {
        // Arrange
        var text = """
            * @everyone
            !/docs/ @nobody
            /docs/ @doctocat
            /src/[ab]/ @nobody
            /src/ @dev not@valid
            /scripts/ @ops
            """;

        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", text);

        // Assert
        Assert.Equal([2, 4, 5], file.Findings.Select(f => f.Line));
        Assert.Equal([1, 3, 6], file.Rules.Select(r => r.Line));
        Assert.Equal("@doctocat", file.OwnersOf("docs/index.md").Single().ToString());
        Assert.Equal("@everyone", file.OwnersOf("src/a/main.c").Single().ToString());
        Assert.Equal("@ops", file.OwnersOf("scripts/run.sh").Single().ToString());
    }

    [Fact]
    public void EveryInvalidOwnerOnALine_IsReported()
    {
        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/docs/ alice @bob carol");

        // Assert
        Assert.Equal([8, 19], file.Findings.Select(f => f.Column));
        Assert.Empty(file.Rules);
    }

    [Fact]
    public void Message_QuotesTheOffendingOwner()
    {
        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/docs/ \u001b[31mred");

        // Assert
        var finding = Assert.Single(file.Findings);
        Assert.Contains("'\\u001B[31mred'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OwnerWithoutPattern_IsKeptAsGitHubReadsIt_WithAWarning()
    {
        // Arrange
        var text = "* @everyone\n@acme/security";

        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", text);

        // Assert
        var finding = Assert.Single(file.Findings);
        Assert.Equal(("codeowners.no-pattern", Severity.Warning, 2), (finding.Code, finding.Severity, finding.Line));
        Assert.Equal(2, file.Rules.Count);
        Assert.Equal("@everyone", file.OwnersOf("src/main.cs").Single().ToString());
    }
}
