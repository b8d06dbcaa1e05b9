using GitJit.Core.CodeOwners;

namespace GitJit.Core.Tests.CodeOwners;

public sealed class CommentsAndEscapesTests
{
    [Fact]
    public void InlineComment_EndsTheLine()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "*.js    @js-owner #This is an inline comment. @not-an-owner");

        // Act
        var rule = Assert.Single(file.Rules);

        // Assert
        Assert.Empty(file.Findings);
        Assert.Equal("*.js", rule.Pattern);
        Assert.Equal([new Owner(OwnerKind.User, "js-owner")], rule.Owners);
    }

    [Fact]
    public void InlineComment_RightAfterThePattern_LeavesItOwnerless()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "* @everyone\n/vendor/ # nobody owns vendored code");

        // Act & Assert
        Assert.Empty(file.Findings);
        Assert.Empty(file.OwnersOf("vendor/lib.js"));
    }

    [Theory]
    [InlineData("# a comment")]
    [InlineData("#/docs/ @doctocat")]
    [InlineData("   # an indented comment")]
    [InlineData("")]
    [InlineData(" \t ")]
    public void CommentsAndBlankLines_AreNotRules(string line)
    {
        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", line);

        // Assert
        Assert.Empty(file.Rules);
        Assert.Empty(file.Findings);
    }

    [Fact]
    public void HashInsideAToken_IsPartOfThePattern()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/notes/issue#12.md @alice");

        // Act & Assert
        Assert.Equal("/notes/issue#12.md", Assert.Single(file.Rules).Pattern);
        Assert.NotEmpty(file.OwnersOf("notes/issue#12.md"));
    }

    [Fact]
    public void EscapedSpace_KeepsThePathTogether()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", @"/Testing/Path\ With\ Space.cs    @ian");

        // Act
        var rule = Assert.Single(file.Rules);

        // Assert
        Assert.Empty(file.Findings);
        Assert.Equal(@"/Testing/Path\ With\ Space.cs", rule.Pattern);
        Assert.Equal("@ian", file.OwnersOf("Testing/Path With Space.cs").Single().ToString());
        Assert.Empty(file.OwnersOf("Testing/Path"));
    }

    [Fact]
    public void EscapedWildcard_MatchesOnlyItself()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", @"/weird\*name @alice");

        // Act & Assert
        Assert.NotEmpty(file.OwnersOf("weird*name"));
        Assert.Empty(file.OwnersOf("weirdXname"));
    }

    [Fact]
    public void EscapedBrackets_AreLiteral()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", @"/pages/s/\[org\]/\[repo\]/index.tsx @web");

        // Act & Assert
        Assert.Empty(file.Findings);
        Assert.NotEmpty(file.OwnersOf("pages/s/[org]/[repo]/index.tsx"));
    }
}
