using GitJit.Core.CodeOwners;

namespace GitJit.Core.Tests.CodeOwners;

public sealed class OwnerTests
{
    [Theory]
    [InlineData("@octocat", OwnerKind.User, "octocat")]
    [InlineData("@js-owner", OwnerKind.User, "js-owner")]
    [InlineData("@dana_acme", OwnerKind.User, "dana_acme")]
    [InlineData("@octo-org/octocats", OwnerKind.Team, "octo-org/octocats")]
    [InlineData("@acme/platform-security", OwnerKind.Team, "acme/platform-security")]
    [InlineData("docs@example.com", OwnerKind.Email, "docs@example.com")]
    [InlineData("first.last+tag@mail.example.co.uk", OwnerKind.Email, "first.last+tag@mail.example.co.uk")]
    public void TryParse_ValidOwner_ReadsKindAndName(string written, OwnerKind kind, string name)
    {
        // Act
        var parsed = Owner.TryParse(written, out var owner);

        // Assert
        Assert.True(parsed);
        Assert.Equal(kind, owner!.Kind);
        Assert.Equal(name, owner.Name);
        Assert.Equal(written, owner.ToString());
    }

    [Theory]
    [InlineData("octocat")]
    [InlineData("@")]
    [InlineData("@-leading-dash")]
    [InlineData("@org/")]
    [InlineData("@org/team/extra")]
    [InlineData("@alice#comment")]
    [InlineData("@@alice")]
    [InlineData("user@localhost")]
    [InlineData("@user@example.com")]
    [InlineData("#")]
    [InlineData("")]
    public void TryParse_InvalidOwner_IsRefused(string written)
    {
        // Act
        var parsed = Owner.TryParse(written, out var owner);

        // Assert
        Assert.False(parsed);
        Assert.Null(owner);
    }

    [Fact]
    public void Equality_UserAndTeamNames_IgnoreCase()
    {
        // Arrange
        var user = new Owner(OwnerKind.User, "OctoCat");
        var team = new Owner(OwnerKind.Team, "Octo-Org/OctoCats");

        // Act & Assert
        Assert.Equal(new Owner(OwnerKind.User, "octocat"), user);
        Assert.Equal(new Owner(OwnerKind.User, "octocat").GetHashCode(), user.GetHashCode());
        Assert.Equal(new Owner(OwnerKind.Team, "octo-org/octocats"), team);
        Assert.Equal(new Owner(OwnerKind.Team, "octo-org/octocats").GetHashCode(), team.GetHashCode());
    }

    [Fact]
    public void Equality_DifferentKinds_AreDifferent()
    {
        // Arrange
        var team = new Owner(OwnerKind.Team, "acme/security");
        var user = new Owner(OwnerKind.User, "acme");

        // Act & Assert
        Assert.NotEqual(team, user);
    }

    [Fact]
    public void Constructor_NameWithAtSign_IsRefused()
    {
        // Act & Assert
        Assert.Throws<ArgumentException>(() => new Owner(OwnerKind.User, "@alice"));
        Assert.Throws<ArgumentException>(() => new Owner(OwnerKind.Team, "alice"));
        Assert.Throws<ArgumentException>(() => new Owner(OwnerKind.Email, "alice"));
    }
}
