using GitJit.Server.Jobs;

namespace GitJit.Server.Tests;

public sealed class PullRequestCommandsTests
{
    [Theory]
    [InlineData("/gitjit help", PullRequestCommand.Help)]
    [InlineData("  /GitJit   plan  please\nmore words", PullRequestCommand.Plan)]
    [InlineData("/gitjit", PullRequestCommand.Help)]
    [InlineData("/gitjit grant-me-root", PullRequestCommand.Unknown)]
    [InlineData("please run /gitjit plan", null)]
    [InlineData("", null)]
    public void Commands_AreTheFirstLinesFirstTwoWords(string body, PullRequestCommand? expected)
    {
        Assert.Equal(expected, PullRequestCommands.Parse(body));
    }
}
