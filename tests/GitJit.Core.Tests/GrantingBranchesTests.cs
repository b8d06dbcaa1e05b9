using GitJit.Core.Decisions;

namespace GitJit.Core.Tests;

public sealed class GrantingBranchesTests
{
    [Theory]
    [InlineData("main", "main", true)]
    [InlineData("widen", "main", false)]
    [InlineData("Main", "main", false)]
    [InlineData("trunk", "trunk", true)]
    public void ByDefault_OnlyTheDefaultBranchGrants(string branch, string defaultBranch, bool allowed) =>
        Assert.Equal(allowed, new GrantingBranches().Allows(branch, defaultBranch));

    [Fact]
    public void NamedBranches_AreExactlyTheOnesThatGrant_DefaultOrNot()
    {
        var branches = new GrantingBranches(["release", "prod"]);

        Assert.True(branches.Allows("release", "main"));
        Assert.True(branches.Allows("prod", "main"));
        Assert.False(branches.Allows("main", "main"));
        Assert.Equal(new[] { "release", "prod" }, branches.Named);
    }

    [Fact]
    public void RecordsOfARequestIntoABranchThatMayNotGrant_GoToAGrantingBranch()
    {
        Assert.Equal("main", new GrantingBranches().RecordsBranch("widen", "main"));
        Assert.Equal("main", new GrantingBranches().RecordsBranch("main", "main"));
        Assert.Equal("release", new GrantingBranches(["release"]).RecordsBranch("widen", "main"));
        Assert.Equal("main", new GrantingBranches(["release", "main"]).RecordsBranch("widen", "main"));
    }

    [Fact]
    public void TheFinding_QuotesTheBranchAndSaysWhichMayGrant()
    {
        var finding = new GrantingBranches().NotGranting("access-requests/x/a.yaml", "evil\u202Ebranch", "main", merged: true);

        Assert.Equal(("pr.base-not-granting", "access-requests/x/a.yaml"), (finding.Code, finding.Path));
        Assert.Equal("merged into 'evil\\u202Ebranch', but only requests merged into 'main' (the repository's default branch) are granted", finding.Message);
    }
}
