using GitJit.Server.Pages;

namespace GitJit.Server.Tests;

/// <summary>Text from outside (pull requests, policies, GitHub) reaches pages only encoded; redirects stay on this server.</summary>
public sealed class HtmlTests
{
    [Fact]
    public void Text_IsEncoded_InContentAndAttributes()
    {
        var hostile = "<script>alert(1)</script>\" onmouseover=\"x";
        var markup = Html.Tag("td", hostile, ("data-grant", hostile)) + hostile;

        var html = markup.ToString();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\" onmouseover", html, StringComparison.Ordinal);
        Assert.StartsWith("<td data-grant=\"&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.EndsWith("&lt;/script&gt;&quot; onmouseover=&quot;x", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_WithoutAValue_AreLeftOut()
    {
        Assert.Equal("<button type=\"submit\">Go</button>", Html.Tag("button", "Go", ("type", "submit"), ("class", null)).ToString());
    }

    [Theory]
    [InlineData("/grants", true)]
    [InlineData("/grants/acme/access/7?x=1", true)]
    [InlineData("//evil.example/grants", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("grants", false)]
    [InlineData("/\t/evil.example", false)]
    [InlineData("/\r\n/evil.example", false)]
    public void OnlyLocalPaths_AreReturnTargets(string url, bool local)
    {
        Assert.Equal(local, SignIn.IsLocal(url));
    }

    [Fact]
    public void Links_GoOnlyToHttpOrHere()
    {
        Assert.Equal("<a href=\"https://github.example/acme/access/pull/7\">#7</a>", Html.Link("https://github.example/acme/access/pull/7", "#7").ToString());
        Assert.Equal("<a href=\"/grants\">back</a>", Html.Link("/grants", "back").ToString());
        Assert.Equal("#7", Html.Link("javascript:alert(1)", "#7").ToString());
    }

    [Theory]
    [InlineData(0, "expired")]
    [InlineData(-5, "expired")]
    [InlineData(1, "1s left")]
    [InlineData(61, "1m 01s left")]
    [InlineData(7322, "2h 02m 02s left")]
    public void TimeLeft_ReadsLikeTheCountdown(int seconds, string expected)
    {
        Assert.Equal(expected, Html.Left(TimeSpan.FromSeconds(seconds)));
    }
}
