using GitJit.Core.Model;

namespace GitJit.Core.Tests;

public sealed class GrantDurationTests
{
    [Theory]
    [InlineData("90m", 90 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("1d", 86_400)]
    [InlineData("1d2h3m4s", 93_784)]
    [InlineData("45s", 45)]
    [InlineData("PT2H", 7200)]
    [InlineData("PT1H30M", 5400)]
    [InlineData("P1DT2H", 93_600)]
    [InlineData("P1D", 86_400)]
    [InlineData("PT45S", 45)]
    [InlineData("90d", 90 * 86_400)]
    public void ValidDuration_IsRead(string text, int seconds)
    {
        Assert.True(GrantDuration.TryParse(text, out var duration, out var problem), problem);
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("", "not a duration")]
    [InlineData("2", "not a duration")]
    [InlineData("h", "not a duration")]
    [InlineData("2 h", "not a duration")]
    [InlineData("-2h", "not a duration")]
    [InlineData("2H", "not a duration")]
    [InlineData("30m2h", "not a duration")]
    [InlineData("P", "not a duration")]
    [InlineData("PT", "not a duration")]
    [InlineData("P1DT", "not a duration")]
    [InlineData("P1Y", "not a duration")]
    [InlineData("P1M", "not a duration")]
    [InlineData("0h", "zero")]
    [InlineData("0m0s", "zero")]
    [InlineData("PT0S", "zero")]
    [InlineData("91d", "far too long")]
    [InlineData("2161h", "far too long")]
    [InlineData("99999999999999999999h", "far too long")]
    [InlineData("9223372036854775807s", "far too long")]
    public void InvalidDuration_IsRefusedWithAReason(string text, string reason)
    {
        Assert.False(GrantDuration.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(86_400 + 60, "1d1m")]
    [InlineData(45, "45s")]
    public void Format_WritesTheShortForm(int seconds, string expected)
    {
        Assert.Equal(expected, GrantDuration.Format(TimeSpan.FromSeconds(seconds)));
    }
}
