using GitJit.Testing;

namespace GitJit.Core.Tests;

public sealed class BoundedPatternTests
{
    [Fact]
    public void AnExponentialPattern_MovesToTheLinearEngine_AndStillAnswersAsWritten()
    {
        var pattern = BoundedPattern.Create(HostilePatterns.Exponential);
        Assert.Equal(PatternMatch.Match, pattern.Match("aaaa"));
        Assert.False(pattern.IsLinear);

        Assert.Equal(PatternMatch.NoMatch, pattern.Match(HostilePatterns.LongValue));

        Assert.True(pattern.IsLinear);
        Assert.Equal(PatternMatch.Match, pattern.Match(HostilePatterns.LongValue[..^1]));
        Assert.False(pattern.IsTooSlow);
    }

    [Fact]
    public void AMissedDeadlineOnTheLinearEngine_LeavesOnlyThatValueUnanswered_NeverThePattern()
    {
        var pattern = BoundedPattern.Create(HostilePatterns.Exponential);
        Assert.Equal(PatternMatch.NoMatch, pattern.Match(HostilePatterns.LongValue));
        Assert.True(pattern.IsLinear);

        // Linear time, but 64 million characters take the linear engine several deadlines: as a busy machine would.
        Assert.Equal(PatternMatch.TooSlow, pattern.Match(new string('a', 64 * 1024 * 1024) + "b"));

        Assert.False(pattern.IsTooSlow);
        Assert.Equal(PatternMatch.Match, pattern.Match("aaaa"));
    }

    [Theory]
    [InlineData(HostilePatterns.ExponentialWithLookahead)]
    [InlineData(@"^(a|aa)+\1?$")]
    [InlineData("^(?>a?)(a|aa)+$")]
    public void APatternOnlyTheBacktrackingEngineRuns_MissesItsDeadline_AndIsNotRunAgain(string text)
    {
        var pattern = BoundedPattern.Create(text);
        Assert.Equal(PatternMatch.Match, pattern.Match("aaaa"));

        Assert.Equal(PatternMatch.TooSlow, pattern.Match(HostilePatterns.LongValue));

        Assert.True(pattern.IsTooSlow);
        Assert.False(pattern.IsLinear);
        Assert.Equal(PatternMatch.TooSlow, pattern.Match("aaaa"));
    }

    [Theory]
    [InlineData("INC-[0-9]+", "INC-42", PatternMatch.Match)]
    [InlineData("INC-[0-9]+", "xINC-42", PatternMatch.NoMatch)]
    [InlineData("INC-[0-9]+", "INC-42\n", PatternMatch.NoMatch)]
    [InlineData("a|b", "ab", PatternMatch.NoMatch)]
    public void AWholeValuePattern_MatchesFromFirstCharacterToLast(string text, string value, PatternMatch expected)
    {
        Assert.Equal(expected, BoundedPattern.Create(text, wholeValue: true).Match(value));
    }

    [Theory]
    [InlineData("a)|(.*")]
    [InlineData("(unclosed")]
    [InlineData("tail\\")]
    public void ATextThatIsNoRegularExpression_IsRefused_EvenWhereWrappingWouldMendIt(string text)
    {
        Assert.ThrowsAny<ArgumentException>(() => BoundedPattern.Create(text, wholeValue: true));
    }
}
