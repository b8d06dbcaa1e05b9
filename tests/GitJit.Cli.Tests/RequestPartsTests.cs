using GitJit.Cli.GitHub;
using GitJit.Cli.Requesting;
using GitJit.Cli.Status;
using GitJit.Testing;

namespace GitJit.Cli.Tests;

public sealed class RequestPartsTests
{
    [Theory]
    [InlineData("https://github.com/acme/access.git", "acme", "access", "github.com", false)]
    [InlineData("https://github.com/acme/access", "acme", "access", "github.com", false)]
    [InlineData("https://x-access-token:secret@ghe.example.com:8443/acme/access.git/", "acme", "access", "ghe.example.com:8443", false)]
    [InlineData("git@github.com:acme/access.git", "acme", "access", "github.com", true)]
    [InlineData("ssh://git@github.com/acme/access.git", "acme", "access", "github.com", true)]
    [InlineData("/srv/git/acme/access.git", "acme", "access", null, false)]
    public void OriginUrl_ReadsOwnerNameAndHost_FromHttpsSshAndPaths(string url, string owner, string name, string? host, bool ssh)
    {
        var origin = OriginUrl.Parse(url);

        Assert.NotNull(origin);
        Assert.Equal((owner, name, host, ssh), (origin.Owner, origin.Name, origin.Host, origin.IsSsh));
    }

    [Fact]
    public void OriginUrl_OfAnSshOrigin_HasTheHttpsUrlOfTheSameRepository() =>
        Assert.Equal("https://github.com/acme/access.git", OriginUrl.Parse("git@github.com:acme/access.git")!.HttpsUrl);

    [Theory]
    [InlineData("access.git")]
    [InlineData("https://github.com/")]
    public void OriginUrl_WithoutOwnerAndName_IsNull(string url) => Assert.Null(OriginUrl.Parse(url));

    [Theory]
    [InlineData(40, "in 40s")]
    [InlineData(60 * 12 + 59, "in 12m")]
    [InlineData(3600 + 60 * 12 + 30, "in 1h12m")]
    [InlineData(7200, "in 2h")]
    [InlineData(86400 * 2 + 3600 * 3 + 60 * 5, "in 2d3h")]
    [InlineData(0, "now")]
    public void Remaining_IsShortAndRoundedDown(int seconds, string expected) => Assert.Equal(expected, Remaining.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("Investigate stuck orders after deploy 4711", "investigate-stuck-orders-after")]
    [InlineData("Fix: ORDER #4711, please!", "fix-order-4711-please")]
    [InlineData("Averyveryveryveryverylongwordthatgoesonandon and more", "averyveryveryveryverylongwordtha")]
    [InlineData("ÄÖÜ — ?", "request")]
    public void Slug_IsTheReasonsFirstWords(string reason, string slug) =>
        Assert.Equal(slug, new RequestFile("alice", "orders-db", "read-only", "2h", reason, null, []).Slug);

    [Fact]
    public void Token_ComesFromGitHubToken_ThenGhToken_ThenGhsHostsFile_ForTheApisHost()
    {
        using var home = new TemporaryDirectory();
        home.Write(".config/gh/hosts.yml", "github.com:\n    oauth_token: gho_fromgh\n    user: alice\nghe.example.com:\n    oauth_token: gho_enterprise\n");
        CliEnvironment With(params (string, string)[] variables) => CliEnvironment.Of(variables.ToDictionary(v => v.Item1, v => v.Item2), home.Path);

        Assert.Equal(("ghp_one", "GITHUB_TOKEN"), Of(GitHubToken.Find(With(("GITHUB_TOKEN", "ghp_one"), ("GH_TOKEN", "ghp_two")), "github.com")));
        Assert.Equal(("ghp_two", "GH_TOKEN"), Of(GitHubToken.Find(With(("GITHUB_TOKEN", " "), ("GH_TOKEN", "ghp_two")), "github.com")));
        Assert.Equal("gho_fromgh", GitHubToken.Find(With(), "github.com")!.Value);
        Assert.Equal("gho_enterprise", GitHubToken.Find(With(), "ghe.example.com")!.Value);
        Assert.Null(GitHubToken.Find(With(("GH_CONFIG_DIR", Path.Combine(home.Path, "elsewhere"))), "github.com"));
        Assert.DoesNotContain("ghp_one", GitHubToken.Find(With(("GITHUB_TOKEN", "ghp_one")), "github.com")!.ToString(), StringComparison.Ordinal);

        static (string, string) Of(GitHubToken? token) => (token!.Value, token.Source);
    }

    [Theory]
    [InlineData("https://api.github.com/", "github.com", "https://github.com/")]
    [InlineData("https://ghe.example.com/api/v3", "ghe.example.com", "https://ghe.example.com/")]
    public void ApiUrl_NamesTheGhHostAndTheWebRoot(string api, string host, string web)
    {
        Assert.Equal(host, GitHubApi.HostOf(new Uri(api)));
        Assert.Equal(new Uri(web), GitHubApi.WebUrlOf(new Uri(api)));
    }
}
