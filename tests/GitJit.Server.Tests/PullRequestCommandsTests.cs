using GitJit.Server.Jobs;

namespace GitJit.Server.Tests;

public sealed class PullRequestCommandsTests
{
    [Theory]
    [InlineData("/gitjit help", PullRequestCommand.Help)]
    [InlineData("  /GitJit   plan  please\nmore words", PullRequestCommand.Plan)]
    [InlineData("/gitjit", PullRequestCommand.Help)]
    [InlineData("/gitjit grant-me-root", PullRequestCommand.Unknown)]
    [InlineData("/gitjit extend 1h", PullRequestCommand.Extend)]
    [InlineData("/GITJIT Extend", PullRequestCommand.Extend)]
    [InlineData("please run /gitjit plan", null)]
    [InlineData("", null)]
    public void Commands_AreTheFirstLinesFirstTwoWords(string body, PullRequestCommand? expected)
    {
        Assert.Equal(expected, PullRequestCommands.Parse(body));
    }

    [Theory]
    [InlineData("/gitjit extend 1h", "1h")]
    [InlineData("  /gitjit   extend    90m   please \nand more", "90m please")]
    [InlineData("/gitjit extend", null)]
    [InlineData("/gitjit extend\n1h", null)]
    [InlineData("run /gitjit extend 1h", null)]
    [InlineData("/gitjit\textend 1h", null)]
    public void Arguments_AreTheRestOfTheFirstLine(string body, string? expected)
    {
        Assert.Equal(expected, PullRequestCommands.Argument(body));
    }

    [Fact]
    public void ALongArgument_IsCutToItsBound()
    {
        var argument = PullRequestCommands.Argument("/gitjit extend " + new string('9', 10_000) + "h");
        Assert.Equal(PullRequestCommands.MaxArgumentLength, argument!.Length);
    }
}
