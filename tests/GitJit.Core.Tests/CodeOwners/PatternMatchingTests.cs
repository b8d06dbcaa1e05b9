using GitJit.Core.CodeOwners;

namespace GitJit.Core.Tests.CodeOwners;

public sealed class PatternMatchingTests
{
    [Theory]
    [MemberData(nameof(PatternCases.All), MemberType = typeof(PatternCases))]
    public void Pattern_MatchesPath_AsGitHubDoes(string pattern, string path, bool expected)
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", $"{pattern} @owner");
        Assert.Empty(file.Findings);

        // Act
        var rule = file.Match(path);

        // Assert
        Assert.Equal(expected, rule is not null);
    }

    [Fact]
    public void TrailingSlashStar_MatchesOneLevelOnly()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "docs/* docs@example.com");

        // Act
        var direct = file.OwnersOf("docs/getting-started.md");
        var nested = file.OwnersOf("docs/build-app/troubleshooting.md");

        // Assert
        Assert.Equal([new Owner(OwnerKind.Email, "docs@example.com")], direct);
        Assert.Empty(nested);
    }

    [Fact]
    public void Pattern_WithManyDoubleStars_MatchesDeepPathQuickly()
    {
        // Arrange
        var pattern = string.Join("/", Enumerable.Repeat("**/a", 30)) + "/b";
        var path = string.Join("/", Enumerable.Repeat("a", 200)) + "/c";
        var file = CodeOwnersFile.Parse("CODEOWNERS", $"{pattern} @owner");

        // Act
        var rule = file.Match(path);

        // Assert
        Assert.Null(rule);
    }
}
