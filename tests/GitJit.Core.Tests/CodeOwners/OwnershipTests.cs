using GitJit.Core.CodeOwners;

namespace GitJit.Core.Tests.CodeOwners;

public sealed class OwnershipTests
{
    private const string DocumentedExample = """
        # This is a comment.
        # Each line is a file pattern followed by one or more owners.
        *       @global-owner1 @global-owner2
        *.js    @js-owner #This is an inline comment.
        *.go docs@example.com
        *.txt @octo-org/octocats
        /build/logs/ @doctocat
        docs/*  docs@example.com
        apps/ @octocat
        /docs/ @doctocat
        /scripts/ @doctocat @octocat
        **/logs @octocat
        /apps/ @octocat
        /apps/github
        """;

    private static readonly CodeOwnersFile Example = CodeOwnersFile.Parse(".github/CODEOWNERS", DocumentedExample);

    [Fact]
    public void DocumentedExample_HasNoFindings()
    {
        // Assert
        Assert.Empty(Example.Findings);
        Assert.Equal(12, Example.Rules.Count);
        Assert.Equal(".github/CODEOWNERS", Example.Path);
    }

    [Theory]
    [InlineData("README.md", "@global-owner1 @global-owner2")]
    [InlineData("src/app.js", "@js-owner")]
    [InlineData("cmd/main.go", "docs@example.com")]
    [InlineData("notes/todo.txt", "@octo-org/octocats")]
    [InlineData("build/logs/today.js", "@octocat")]
    [InlineData("docs/getting-started.md", "@doctocat")]
    [InlineData("scripts/deploy.sh", "@doctocat @octocat")]
    [InlineData("apps/web/index.html", "@octocat")]
    [InlineData("apps/github/index.html", "")]
    public void DocumentedExample_LastMatchingLineDecidesOwners(string path, string owners)
    {
        // Act
        var actual = Example.OwnersOf(path);

        // Assert
        Assert.Equal(owners, string.Join(' ', actual));
    }

    [Fact]
    public void LastMatch_Wins_EvenWhenAnEarlierLineIsMoreSpecific()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/src/api/handlers/orders.cs @orders\n*.cs @dotnet");

        // Act
        var rule = file.Match("src/api/handlers/orders.cs");

        // Assert
        Assert.Equal(2, rule?.Line);
        Assert.Equal([new Owner(OwnerKind.User, "dotnet")], rule?.Owners);
    }

    [Fact]
    public void OwnerlessLine_ClearsOwnership()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/apps/ @octocat\n/apps/github");

        // Act
        var rule = file.Match("apps/github/main.go");

        // Assert
        Assert.Equal(2, rule?.Line);
        Assert.Empty(rule!.Owners);
        Assert.Empty(file.OwnersOf("apps/github/main.go"));
        Assert.Equal("@octocat", file.OwnersOf("apps/web/main.go").Single().ToString());
    }

    [Fact]
    public void LaterLine_WithOtherOwners_ReplacesEarlierOwners()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/apps/ @octocat\n/apps/github @doctocat");

        // Act
        var owners = file.OwnersOf("apps/github/main.go");

        // Assert
        Assert.Equal([new Owner(OwnerKind.User, "doctocat")], owners);
    }

    [Fact]
    public void UnmatchedPath_IsUnowned()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/docs/ @doctocat");

        // Act & Assert
        Assert.Null(file.Match("src/main.cs"));
        Assert.Empty(file.OwnersOf("src/main.cs"));
    }

    [Fact]
    public void None_OwnsNothing()
    {
        // Act & Assert
        Assert.Null(CodeOwnersFile.None.Path);
        Assert.Empty(CodeOwnersFile.None.Rules);
        Assert.Empty(CodeOwnersFile.None.Findings);
        Assert.Empty(CodeOwnersFile.None.OwnersOf("README.md"));
    }

    [Fact]
    public void Owners_OfEveryKind_AreReadInOrder()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "*\t@alice  @acme/security\tdev@example.com");

        // Act
        var owners = file.OwnersOf("anything");

        // Assert
        Assert.Equal(
            [new Owner(OwnerKind.User, "alice"), new Owner(OwnerKind.Team, "acme/security"), new Owner(OwnerKind.Email, "dev@example.com")],
            owners);
    }

    [Fact]
    public void Paths_AreCaseSensitive()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/Docs/ @doctocat");

        // Act & Assert
        Assert.NotEmpty(file.OwnersOf("Docs/index.md"));
        Assert.Empty(file.OwnersOf("docs/index.md"));
    }

    [Fact]
    public void LookupPath_WithLeadingSlash_IsReadFromTheRoot()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/docs/ @doctocat");

        // Act & Assert
        Assert.NotEmpty(file.OwnersOf("/docs/index.md"));
    }

    [Fact]
    public void DeepPath_BeyondStackSegments_StillMatches()
    {
        // Arrange
        var file = CodeOwnersFile.Parse("CODEOWNERS", "/a/ @deep\n**/leaf.txt @leaf");
        var path = string.Join('/', Enumerable.Repeat("a", 100)) + "/leaf.txt";

        // Act & Assert
        Assert.Equal("@leaf", file.OwnersOf(path).Single().ToString());
    }

    [Fact]
    public void Locations_AreGitHubsSearchOrder()
    {
        // Assert
        Assert.Equal([".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"], CodeOwnersFile.Locations);
    }
}
